/* alerts-page.c: CohortAlertsPage, the alerts of runs and imports, to read and acknowledge */
#include "config.h"

#include <glib/gi18n.h>

#include "core/format.h"
#include "core/store-alerts.h"
#include "ui/alerts-page.h"
#include "ui/copy-button.h"
#include "ui/labels.h"
#include "ui/widgets.h"

struct _CohortAlertsPage
{
  AdwBin               parent_instance;

  CohortStore         *store;
  GArray              *open_ids; /* gint64: the open alerts shown */
  guint                n_unread;
  GPtrArray           *rows;     /* what reload() added */

  GtkStack            *stack;
  AdwPreferencesGroup *open_group;
  AdwPreferencesGroup *acknowledged_group;
  AdwExpanderRow      *acknowledged_row;
  GtkButton           *acknowledge_all_button;
};

G_DEFINE_FINAL_TYPE (CohortAlertsPage, cohort_alerts_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_N_UNREAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
remove_rows (CohortAlertsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *parent = gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW);

      if (parent != NULL)
        adw_expander_row_remove (ADW_EXPANDER_ROW (parent), row);
      else
        adw_preferences_group_remove (self->open_group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static const char *
kind_icon (CohortAlertKinds kind,
           const char     **out_style)
{
  if (kind & (COHORT_ALERT_PAUSED | COHORT_ALERT_POLICY | COHORT_ALERT_RUN_FAILED))
    {
      *out_style = "error";
      return "dialog-error-symbolic";
    }
  /* Every audience starts under TikTok's minimum: news, not a fault. */
  if (kind == COHORT_ALERT_BELOW_MINIMUM)
    {
      *out_style = "accent";
      return "dialog-information-symbolic";
    }
  *out_style = "warning";
  return "dialog-warning-symbolic";
}

static void acknowledge_clicked (GtkButton        *button,
                                 CohortAlertsPage *self);

static GtkWidget *
alert_row (CohortAlertsPage  *self,
           const CohortAlert *alert,
           gint64             now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = cohort_ui_format_date_time (alert->created_at);
  g_autofree char *ago = cohort_ui_format_time_ago (alert->created_at, now);
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  g_autofree char *name = g_strdup_printf ("alert-%lld", (long long) alert->id);
  const char *style = NULL;
  const char *icon_name = kind_icon (alert->kind, &style);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cohort_alert_kind_describe (alert->kind));
  if (*alert->subject != '\0')
    /* Translators: what the alert is about ("Clients → Paris"), when, and how long ago */
    g_string_append_printf (subtitle, _("%s — %s (%s)"), alert->subject, when, ago);
  else
    /* Translators: when the alert was raised, and how long ago */
    g_string_append_printf (subtitle, _("%s (%s)"), when, ago);
  if (*alert->message != '\0')
    g_string_append_printf (subtitle, "\n%s", alert->message);
  if (*alert->request_id != '\0')
    {
      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("TikTok request ID: %s"), alert->request_id);
    }
  escaped = g_markup_escape_text (subtitle->str, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_set_name (row, name);

  gtk_widget_add_css_class (icon, alert->acknowledged ? "dim-label" : style);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 12);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (*alert->request_id != '\0')
    {
      g_autofree char *tooltip = g_strdup_printf (_("Copy the Request ID %s"), alert->request_id);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cohort_ui_copy_button_new (alert->request_id, tooltip));
    }
  if (!alert->acknowledged)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("A_cknowledge"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (button, "acknowledge");
      gtk_widget_set_tooltip_text (button, _("Mark the alert as dealt with"));
      g_object_set_data_full (G_OBJECT (button), "alert", g_memdup2 (&alert->id, sizeof alert->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (acknowledge_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
set_n_unread (CohortAlertsPage *self,
              guint             n_unread)
{
  if (self->n_unread == n_unread)
    return;
  self->n_unread = n_unread;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNREAD]);
}

/**
 * cohort_alerts_page_reload:
 *
 * Reads the alerts again: the store raises them from runs and imports,
 * in this process (then the page reloads by itself) or in another one.
 */
void
cohort_alerts_page_reload (CohortAlertsPage *self)
{
  g_autoptr (GPtrArray) alerts = NULL;
  g_autoptr (GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_open = 0, n_acknowledged = 0;

  g_return_if_fail (COHORT_IS_ALERTS_PAGE (self));

  if (self->store == NULL)
    return;
  alerts = cohort_store_list_alerts (self->store, TRUE, &error);
  if (alerts == NULL)
    {
      cohort_ui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  remove_rows (self);
  g_array_set_size (self->open_ids, 0);
  for (guint i = 0; i < alerts->len; i++)
    {
      const CohortAlert *alert = g_ptr_array_index (alerts, i);
      GtkWidget *row = alert_row (self, alert, now);

      if (alert->acknowledged)
        {
          n_acknowledged++;
          adw_expander_row_add_row (self->acknowledged_row, row);
        }
      else
        {
          n_open++;
          g_array_append_val (self->open_ids, alert->id);
          adw_preferences_group_add (self->open_group, row);
        }
    }
  if (n_open == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No open alert"));
      adw_preferences_group_add (self->open_group, row);
      g_ptr_array_add (self->rows, row);
    }
  {
    g_autofree char *count = cohort_format_count (n_acknowledged);
    g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s alert", "%s alerts",
                                                              n_acknowledged),
                                                 count);

    adw_expander_row_set_subtitle (self->acknowledged_row, subtitle);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->acknowledged_group), n_acknowledged > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->acknowledge_all_button), n_open > 0);
  gtk_stack_set_visible_child_name (self->stack, alerts->len > 0 ? "list" : "empty");
  set_n_unread (self, n_open);
}

/* Another process, or this one, acknowledged it first: done all the same. */
static gboolean
acknowledge (CohortStore *store,
             gint64       id,
             GError     **error)
{
  g_autoptr (GError) local_error = NULL;

  if (cohort_store_acknowledge_alert (store, id, &local_error) ||
      g_error_matches (local_error, COHORT_STORE_ERROR, COHORT_STORE_ERROR_NOT_FOUND))
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
acknowledge_clicked (GtkButton        *button,
                     CohortAlertsPage *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "alert");
  g_autoptr (GError) error = NULL;
  guint index = 0;

  for (guint i = 0; i < self->open_ids->len; i++)
    if (g_array_index (self->open_ids, gint64, i) == id)
      index = i;
  if (!acknowledge (self->store, id, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
  cohort_alerts_page_reload (self);
  /* The keyboard goes on with the next alert, or the list. */
  if (self->open_ids->len > 0)
    {
      g_autofree char *name = g_strdup_printf ("alert-%lld", (long long) g_array_index (
                                                                self->open_ids, gint64,
                                                                MIN (index, self->open_ids->len - 1)));

      for (guint i = 0; i < self->rows->len; i++)
        if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (self->rows, i)), name) == 0)
          gtk_widget_grab_focus (g_ptr_array_index (self->rows, i));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->acknowledge_all_button));
}

/**
 * cohort_alerts_page_acknowledge_all:
 *
 * Acknowledges the open alerts the page shows; one raised since it last
 * reloaded stays open, not seen yet.
 */
gboolean
cohort_alerts_page_acknowledge_all (CohortAlertsPage *self,
                                    GError          **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (COHORT_IS_ALERTS_PAGE (self), FALSE);

  for (guint i = 0; ok && i < self->open_ids->len; i++)
    ok = acknowledge (self->store, g_array_index (self->open_ids, gint64, i), error);
  cohort_alerts_page_reload (self);
  return ok;
}

static void
acknowledge_all_clicked (CohortAlertsPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!cohort_alerts_page_acknowledge_all (self, &error))
    cohort_ui_toast (GTK_WIDGET (self), error->message);
}

/* The open alerts: for the window's badge. */
guint
cohort_alerts_page_get_n_unread (CohortAlertsPage *self)
{
  g_return_val_if_fail (COHORT_IS_ALERTS_PAGE (self), 0);

  return self->n_unread;
}

static void
alert_raised_cb (CohortStore      *store,
                 gint64            id,
                 CohortAlertsPage *self)
{
  cohort_alerts_page_reload (self);
}

/**
 * cohort_alerts_page_set_store:
 *
 * Shows @store's alerts, and those it raises from now on.
 */
void
cohort_alerts_page_set_store (CohortAlertsPage *self,
                              CohortStore      *store)
{
  g_return_if_fail (COHORT_IS_ALERTS_PAGE (self));
  g_return_if_fail (store == NULL || COHORT_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "alert-raised", G_CALLBACK (alert_raised_cb), self, 0);
  remove_rows (self);
  cohort_alerts_page_reload (self);
}

GtkWidget *
cohort_alerts_page_new (void)
{
  return g_object_new (COHORT_TYPE_ALERTS_PAGE, NULL);
}

static void
cohort_alerts_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CohortAlertsPage *self = COHORT_ALERTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_UNREAD:
      g_value_set_uint (value, self->n_unread);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cohort_alerts_page_dispose (GObject *object)
{
  CohortAlertsPage *self = COHORT_ALERTS_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_ALERTS_PAGE);

  G_OBJECT_CLASS (cohort_alerts_page_parent_class)->dispose (object);
}

static void
cohort_alerts_page_finalize (GObject *object)
{
  CohortAlertsPage *self = COHORT_ALERTS_PAGE (object);

  g_array_unref (self->open_ids);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (cohort_alerts_page_parent_class)->finalize (object);
}

static void
cohort_alerts_page_class_init (CohortAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cohort_alerts_page_get_property;
  object_class->dispose = cohort_alerts_page_dispose;
  object_class->finalize = cohort_alerts_page_finalize;

  /**
   * CohortAlertsPage:n-unread:
   *
   * The open alerts, those not acknowledged yet.
   */
  properties[PROP_N_UNREAD] = g_param_spec_uint ("n-unread", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/cohortapp/Cohort/ui/alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortAlertsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CohortAlertsPage, open_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAlertsPage, acknowledged_group);
  gtk_widget_class_bind_template_child (widget_class, CohortAlertsPage, acknowledged_row);
  gtk_widget_class_bind_template_child (widget_class, CohortAlertsPage, acknowledge_all_button);
}

static void
cohort_alerts_page_init (CohortAlertsPage *self)
{
  self->open_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->acknowledge_all_button, "clicked", G_CALLBACK (acknowledge_all_clicked), self);
  gtk_widget_set_visible (GTK_WIDGET (self->acknowledged_group), FALSE);
}
