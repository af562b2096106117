/* test-text-sniff.c: text tables are told from binary files by their first bytes */
#include "config.h"

#include "core/text-sniff.h"

static void
test_text_sniff (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, '\r',
                                'I', 'H', 'D', 'R', 0, 0, 0, 1 };
  static const guint8 zip[] = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 'x', 'l', '/' };
  static const guint8 utf16le[] = { 0xff, 0xfe, 'e', 0, 'm', 0, 'a', 0, 'i', 0, 'l', 0, '\n', 0 };
  static const guint8 utf16be[] = { 0xfe, 0xff, 0, 'e', 0, 'm', 0, 'a', 0, 'i', 0, 'l', 0, '\n' };
  static const guint8 cp1252[] = { 'n', 'o', 'm', ';', 'e', 'm', 'a', 'i', 'l', '\n',
                                   'H', 0xe9, 'l', 0xe8, 'n', 'e', ';', 'h', '@', 'x', '.', 'f', 'r', '\n' };
  const char *csv = "email,phone\nsomeone@example.com,+33612345678\n";
  const char *pdf = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  const char *bom_csv = "\xef\xbb\xbf" "email;t\xc3\xa9l\xc3\xa9phone\na@b.fr;0612345678\n";

  g_assert_true (cohort_text_sniff ((const guint8 *) csv, strlen (csv)));
  g_assert_true (cohort_text_sniff ((const guint8 *) bom_csv, strlen (bom_csv)));
  g_assert_true (cohort_text_sniff (utf16le, sizeof utf16le));
  g_assert_true (cohort_text_sniff (utf16be, sizeof utf16be));
  g_assert_true (cohort_text_sniff (cp1252, sizeof cp1252));
  g_assert_true (cohort_text_sniff ((const guint8 *) "", 0));

  g_assert_false (cohort_text_sniff (png, sizeof png));
  g_assert_false (cohort_text_sniff (zip, sizeof zip));
  g_assert_false (cohort_text_sniff ((const guint8 *) pdf, strlen (pdf)));
  g_assert_false (cohort_text_sniff ((const guint8 *) "a,b\n1,\0\n", 8));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-sniff/kinds", test_text_sniff);

  return g_test_run ();
}
