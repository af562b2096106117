/* audience-list.c: CohortAudienceList, the audiences with their counts and where they are sent */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/format.h"
#include "core/identity.h"
#include "core/store-activations.h"
#include "core/store-audiences.h"
#include "core/store-labels.h"
#include "core/store-watches.h"
#include "ui/audience-list.h"
#include "ui/labels.h"

struct _CohortAudienceList
{
  AdwBin        parent_instance;

  CohortStore  *store;
  guint         n_audiences;

  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (CohortAudienceList, cohort_audience_list, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_N_AUDIENCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  AUDIENCE_ACTIVATED,
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated (GtkListBox         *list,
               GtkListBoxRow      *row,
               CohortAudienceList *self)
{
  g_signal_emit (self, signals[AUDIENCE_ACTIVATED], 0, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

/* "1,204 emails · 311 phone numbers", the kinds it has. */
static char *
describe_members (const CohortAudienceInfo *info)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (CohortIdentity i = 0; i < COHORT_N_IDENTITIES; i++)
    {
      guint64 n = info->members[i];
      g_autofree char *count = NULL;

      if (n == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, " · ");
      count = cohort_format_count (n);
      switch (i)
        {
        case COHORT_IDENTITY_EMAIL:
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s email", "%s emails", n), count);
          break;
        case COHORT_IDENTITY_PHONE:
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s phone number", "%s phone numbers", n),
                                  count);
          break;
        case COHORT_IDENTITY_GAID:
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s Android ID", "%s Android IDs", n), count);
          break;
        default:
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s iOS ID", "%s iOS IDs", n), count);
          break;
        }
    }
  if (text->len == 0)
    g_string_append (text, _("No identifier"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "Labels: sensitive, minors-possible", or NULL without any. */
static char *
describe_labels (CohortStore *store,
                 const char  *audience)
{
  g_autoptr (GPtrArray) labels = cohort_store_list_labels (store, audience, NULL);
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                            cohort_usage_label_to_string (((CohortAudienceLabel *) g_ptr_array_index (labels, i))->label));
  /* Translators: the usage labels of an audience, such as "sensitive, minors-possible" */
  return names->len > 0 ? g_strdup_printf (_("Labels: %s"), names->str) : NULL;
}

static GtkWidget *
make_row (CohortStore              *store,
          const CohortAudienceInfo *info,
          GPtrArray                *activations,
          GPtrArray                *watches)
{
  g_autofree char *labels = describe_labels (store, info->name);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *members = describe_members (info);
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (info->last_import);
  g_autofree char *date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("");
  const char *source = info->source_name != NULL ? info->source_name : "";
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), info->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* Translators: the counts, then "imported DATE from FILE" */
  /* Plain text (no markup, above): a file name is shown as it is. */
  subtitle = g_strdup_printf (_("%s\nImported %s from %s"), members, date, source);
  if (labels != NULL)
    {
      char *with_labels = g_strdup_printf ("%s\n%s", subtitle, labels);

      g_free (subtitle);
      subtitle = with_labels;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  for (guint i = 0; i < watches->len; i++)
    if (g_str_equal (((CohortWatch *) g_ptr_array_index (watches, i))->audience, info->name))
      {
        GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic");

        gtk_widget_set_tooltip_text (icon, _("Follows its file"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Follows its file"), -1);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      }
  for (guint i = 0; i < activations->len; i++)
    {
      CohortActivation *activation = g_ptr_array_index (activations, i);
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (!g_str_equal (activation->audience, info->name))
        continue;
      /* Translators: a destination's name and the activation's state */
      text = g_strdup_printf (_("%s: %s"), activation->destination, cohort_ui_activation_state (activation->state));
      label = gtk_label_new (text);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, cohort_ui_activation_state_style (activation->state));
      if (*activation->reason != '\0')
        gtk_widget_set_tooltip_text (label, activation->reason);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

/**
 * cohort_audience_list_reload:
 *
 * Reads the audiences again. The store answers from its own file in a few
 * milliseconds for the lists it holds, so this runs on the main thread.
 */
gboolean
cohort_audience_list_reload (CohortAudienceList *self,
                             GError            **error)
{
  g_autoptr (GPtrArray) audiences = NULL;
  g_autoptr (GPtrArray) activations = NULL;
  g_autoptr (GPtrArray) watches = NULL;
  GtkWidget *child;

  g_return_val_if_fail (COHORT_IS_AUDIENCE_LIST (self), FALSE);

  if (self->store == NULL)
    return TRUE;
  if ((audiences = cohort_store_list_audiences (self->store, error)) == NULL ||
      (activations = cohort_store_list_activations (self->store, error)) == NULL ||
      (watches = cohort_store_list_watches (self->store, error)) == NULL)
    return FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < audiences->len; i++)
    gtk_list_box_append (self->list, make_row (self->store, g_ptr_array_index (audiences, i), activations, watches));
  if (self->n_audiences != audiences->len)
    {
      self->n_audiences = audiences->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_AUDIENCES]);
    }
  g_signal_emit (self, signals[RELOADED], 0);
  return TRUE;
}

void
cohort_audience_list_set_store (CohortAudienceList *self,
                                CohortStore        *store)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (COHORT_IS_AUDIENCE_LIST (self));

  /* Changes made by the command line or a sync come through
   * cohort_audience_list_reload(), called by the window's store monitor. */
  if (!g_set_object (&self->store, store) || store == NULL)
    return;
  if (!cohort_audience_list_reload (self, &error))
    g_warning ("Cannot list the audiences: %s", error->message);
}

guint
cohort_audience_list_get_n_audiences (CohortAudienceList *self)
{
  g_return_val_if_fail (COHORT_IS_AUDIENCE_LIST (self), 0);

  return self->n_audiences;
}

static void
cohort_audience_list_dispose (GObject *object)
{
  CohortAudienceList *self = COHORT_AUDIENCE_LIST (object);

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_AUDIENCE_LIST);

  G_OBJECT_CLASS (cohort_audience_list_parent_class)->dispose (object);
}

static void
cohort_audience_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CohortAudienceList *self = COHORT_AUDIENCE_LIST (object);

  switch (prop_id)
    {
    case PROP_N_AUDIENCES:
      g_value_set_uint (value, self->n_audiences);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_audience_list_class_init (CohortAudienceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_audience_list_dispose;
  object_class->get_property = cohort_audience_list_get_property;

  properties[PROP_N_AUDIENCES] =
      g_param_spec_uint ("n-audiences", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CohortAudienceList::audience-activated:
   * @name: the audience the user chose
   */
  signals[AUDIENCE_ACTIVATED] = g_signal_new ("audience-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The store changed: whatever shows it may want to follow. */
  signals[RELOADED] = g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/audience-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortAudienceList, list);
}

static void
cohort_audience_list_init (CohortAudienceList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated), self);
}

GtkWidget *
cohort_audience_list_new (void)
{
  return g_object_new (COHORT_TYPE_AUDIENCE_LIST, NULL);
}
