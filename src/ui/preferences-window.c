/* preferences-window.c: CohortPreferencesWindow, the settings a user may change */
#include "config.h"

#include <glib/gi18n.h>

#include "core/settings.h"
#include "ui/preferences-window.h"

struct _CohortPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *server_row;
  AdwEntryRow          *custom_url_row;
  GtkSpinButton        *rate_spin;
  GtkSpinButton        *port_spin;
  GtkSpinButton        *batch_spin;
  GtkSpinButton        *rejection_spin;
};

G_DEFINE_FINAL_TYPE (CohortPreferencesWindow, cohort_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* In the order of the combo row's items. */
static const char *const server_nicks[] = { "production", "sandbox", "custom" };

static gboolean
server_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (server_nicks); i++)
    if (g_str_equal (nick, server_nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
server_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (server_nicks))
    return NULL;
  return g_variant_new_string (server_nicks[i]);
}

static gboolean
custom_sensitive_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "custom"));
  return TRUE;
}

static void
custom_url_apply_cb (AdwEntryRow             *row,
                     CohortPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!cohort_settings_set_from_text (self->settings, "api-custom-url", text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (error->message));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
custom_url_changed_cb (AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
bind_settings (CohortPreferencesWindow *self)
{
  g_autofree char *custom_url = NULL;

  g_settings_bind_with_mapping (self->settings, "api-server", self->server_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, server_get_mapping, server_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "api-server", self->custom_url_row, "sensitive",
                                G_SETTINGS_BIND_GET, custom_sensitive_mapping, NULL, NULL, NULL);
  struct
  {
    const char    *key;
    GtkSpinButton *spin;
  } spins[] = {
    { "requests-per-second", self->rate_spin },
    { "redirect-port", self->port_spin },
    { "batch-rows", self->batch_spin },
    { "rejection-alert-percent", self->rejection_spin },
  };

  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_settings_bind (self->settings, spins[i].key, gtk_spin_button_get_adjustment (spins[i].spin), "value",
                     G_SETTINGS_BIND_DEFAULT);

  /* Written only when applied and valid, so the entry is not bound. */
  custom_url = g_settings_get_string (self->settings, "api-custom-url");
  gtk_editable_set_text (GTK_EDITABLE (self->custom_url_row), custom_url);
  g_signal_connect (self->custom_url_row, "apply", G_CALLBACK (custom_url_apply_cb), self);
  g_signal_connect (self->custom_url_row, "changed", G_CALLBACK (custom_url_changed_cb), NULL);
}

static void
cohort_preferences_window_dispose (GObject *object)
{
  CohortPreferencesWindow *self = COHORT_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cohort_preferences_window_parent_class)->dispose (object);
}

static void
cohort_preferences_window_class_init (CohortPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cohort_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, rejection_spin);
}

static void
cohort_preferences_window_init (CohortPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CohortPreferencesWindow *
cohort_preferences_window_new (GSettings *settings)
{
  CohortPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (COHORT_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  bind_settings (self);
  return self;
}
