/* preferences-window.c: CohortPreferencesWindow, the settings a user may change */
#include "config.h"

#include <glib/gi18n.h>

#include "core/countries.h"
#include "core/keyring.h"
#include "core/phone.h"
#include "core/settings.h"
#include "core/store-accounts.h"
#include "core/tiktok-account.h"
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
  AdwPreferencesGroup  *app_group;
  AdwEntryRow          *app_id_row;
  AdwPasswordEntryRow  *secret_row;
  GtkDropDown          *country_dropdown;
  GtkSwitch            *gmail_switch;
  GtkSwitch            *digits_switch;
  GtkSwitch            *idfa_switch;
  GtkSwitch            *background_switch;

  GPtrArray            *countries;
  CohortStore          *store;
  GCancellable         *cancellable;
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
toast (CohortPreferencesWindow *self,
       const char              *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* Item 0 is "the system's region"; then the countries, by name. */
static void
country_selected_cb (CohortPreferencesWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->country_dropdown);
  const char *code = selected > 0 && selected <= self->countries->len
                         ? ((CohortCountry *) g_ptr_array_index (self->countries, selected - 1))->code
                         : "";

  g_settings_set_string (self->settings, "default-country", code);
}

static void
fill_countries (CohortPreferencesWindow *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  g_autofree char *region = cohort_phone_region_from_locale ();
  g_autofree char *current = g_settings_get_string (self->settings, "default-country");
  guint locale_index = cohort_countries_find (self->countries, region);
  guint index = cohort_countries_find (self->countries, current);
  g_autofree char *system = NULL;

  if (locale_index != G_MAXUINT)
    /* Translators: the default country, the one of the system's language */
    system = g_strdup_printf (_("The system’s: %s"),
                              ((CohortCountry *) g_ptr_array_index (self->countries, locale_index))->name);
  else
    system = g_strdup (_("None: numbers have their +code"));
  gtk_string_list_append (names, system);
  for (guint i = 0; i < self->countries->len; i++)
    gtk_string_list_append (names, ((CohortCountry *) g_ptr_array_index (self->countries, i))->name);
  gtk_drop_down_set_expression (self->country_dropdown, expression);
  gtk_drop_down_set_model (self->country_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->country_dropdown, index != G_MAXUINT ? index + 1 : 0);
  g_signal_connect_swapped (self->country_dropdown, "notify::selected", G_CALLBACK (country_selected_cb), self);
}

static void
secret_lookup_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (CohortPreferencesWindow) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  char *secret = cohort_keyring_lookup_finish (result, &error);

  /* A weak reference: a window must not outlive its parent in a callback. */
  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL || self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      cohort_keyring_secret_free (secret);
      return;
    }
  /* Only whether there is one: the secret itself is never shown. */
  adw_preferences_group_set_description (self->app_group,
                                         secret != NULL ? _("The app’s secret is in the keyring. Type a new one to "
                                                            "replace it.")
                                                        : _("Type the secret shown on your app’s page in the "
                                                            "TikTok developer portal: it goes to the keyring."));
  cohort_keyring_secret_free (secret);
}

static void
show_app (CohortPreferencesWindow *self)
{
  g_autofree char *app_id = NULL;

  if (self->store == NULL)
    return;
  app_id = cohort_store_dup_app_id (self->store, NULL, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->app_id_row), app_id != NULL ? app_id : "");
  if (app_id != NULL)
    {
      GWeakRef *weak = g_new0 (GWeakRef, 1);

      g_weak_ref_init (weak, self);
      cohort_keyring_lookup_async (COHORT_SECRET_APP_SECRET, app_id, self->cancellable, secret_lookup_cb, weak);
    }
  else
    adw_preferences_group_set_description (self->app_group,
                                           _("Your TikTok for Business developer app: its ID, and its secret, "
                                             "kept in the keyring."));
}

static void
secret_apply_cb (CohortPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char *app_id = gtk_editable_get_text (GTK_EDITABLE (self->app_id_row));
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  if (self->store == NULL)
    return;
  if (!cohort_tiktok_account_set_credentials (self->store, app_id, secret, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "error");
      toast (self, error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  toast (self, _("Saved: the secret is in the keyring."));
  show_app (self);
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
  g_settings_bind (self->settings, "email-gmail-dots", self->gmail_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "phone-digits-only", self->digits_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "idfa-uppercase", self->idfa_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-in-background", self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  fill_countries (self);

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

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), COHORT_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->countries, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, app_group);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, app_id_row);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, gmail_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, digits_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, idfa_switch);
  gtk_widget_class_bind_template_child (widget_class, CohortPreferencesWindow, background_switch);
}

static void
cohort_preferences_window_init (CohortPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->countries = cohort_countries_list ();
  self->cancellable = g_cancellable_new ();
  /* A few milliseconds: the same database the window has open. */
  self->store = cohort_store_open (NULL, &error);
  if (self->store == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->app_group), FALSE);
      adw_preferences_group_set_description (self->app_group, error->message);
    }
  g_signal_connect_swapped (self->secret_row, "apply", G_CALLBACK (secret_apply_cb), self);
  show_app (self);
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
