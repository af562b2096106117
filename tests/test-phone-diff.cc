/* test-phone-diff.cc: the phone fast path gives exactly libphonenumber's answers, on generated numbers of every region */
#include "config.h"

#include <set>
#include <string>
#include <vector>

#include <glib.h>
#include <phonenumbers/phonenumberutil.h>

#include "core/phone.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static guint64 compared;

/* One input, one region: both paths must agree on the result and the text. */
static void
compare (const std::string &input,
         const char        *region)
{
  g_autoptr (GString) fast = g_string_new (NULL);
  g_autoptr (GString) reference = g_string_new (NULL);
  CohortPhoneResult fast_result =
      cohort_phone_normalize (input.data (), input.size (), region, FALSE, fast);
  CohortPhoneResult reference_result =
      cohort_phone_normalize_reference (input.data (), input.size (), region, FALSE, reference);

  compared++;
  if (fast_result != reference_result || !g_str_equal (fast->str, reference->str))
    g_error ("“%s” in %s: fast path %d “%s”, libphonenumber %d “%s”", input.c_str (),
             region != nullptr ? region : "(none)", fast_result, fast->str, reference_result,
             reference->str);
}

static std::string
replace_spaces (std::string text,
                char        with)
{
  for (char &c : text)
    if (c == ' ')
      c = with;
  return text;
}

static std::vector<std::string>
shapes (const PhoneNumberUtil *util,
        const PhoneNumber     &number,
        const std::string     &region)
{
  std::vector<std::string> out;
  std::string e164, international, national, nsn;
  std::string code = std::to_string (number.country_code ());

  util->Format (number, PhoneNumberUtil::E164, &e164);
  util->Format (number, PhoneNumberUtil::INTERNATIONAL, &international);
  util->Format (number, PhoneNumberUtil::NATIONAL, &national);
  util->GetNationalSignificantNumber (number, &nsn);

  out.push_back (e164);
  out.push_back (international);
  out.push_back (national);
  out.push_back (replace_spaces (national, '.'));
  out.push_back (replace_spaces (national, '-'));
  out.push_back (replace_spaces (international, '-'));
  out.push_back ("00" + code + " " + nsn);
  out.push_back ("011 " + code + " " + nsn);
  out.push_back (code + nsn);
  out.push_back ("+" + code + " (0)" + nsn);
  out.push_back ("(" + nsn.substr (0, 3) + ") " + nsn.substr (std::min<size_t> (3, nsn.size ())));
  out.push_back (nsn);
  out.push_back ("0" + nsn);
  out.push_back ("tél : " + national);
  out.push_back (national + " ext. 12");
  return out;
}

/* A number near a valid one: a digit changed, added or removed. */
static PhoneNumber
mutate (const PhoneNumberUtil *util,
        const PhoneNumber     &number)
{
  PhoneNumber mutated (number);
  std::string nsn;
  gint32 position;

  util->GetNationalSignificantNumber (number, &nsn);
  position = g_test_rand_int_range (0, nsn.size ());
  switch (g_test_rand_int_range (0, 4))
    {
    case 0:
    case 1:
      nsn[position] = '0' + g_test_rand_int_range (0, 10);
      break;
    case 2:
      nsn.insert (position, 1, '0' + g_test_rand_int_range (0, 10));
      break;
    default:
      if (nsn.size () > 2)
        nsn.erase (position, 1);
      break;
    }
  mutated.set_italian_leading_zero (nsn[0] == '0');
  mutated.set_number_of_leading_zeros (std::max<size_t> (1, nsn.find_first_not_of ('0') == std::string::npos ? 1 : nsn.find_first_not_of ('0')));
  mutated.set_national_number (g_ascii_strtoull (nsn.c_str (), nullptr, 10));
  return mutated;
}

static void
test_phone_differential (void)
{
  const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
  std::set<std::string> regions;
  std::vector<std::string> region_list;
  /* The slow suite compares millions; the unit suite a sample. */
  int mutations = g_test_slow () ? 60 : 2;

  util->GetSupportedRegions (&regions);
  region_list.assign (regions.begin (), regions.end ());

  for (const std::string &region : region_list)
    {
      std::set<PhoneNumberUtil::PhoneNumberType> types;

      util->GetSupportedTypesForRegion (region, &types);
      for (PhoneNumberUtil::PhoneNumberType type : types)
        {
          PhoneNumber example;

          if (!util->GetExampleNumberForType (region, type, &example))
            continue;
          for (int m = 0; m <= mutations; m++)
            {
              PhoneNumber number = m == 0 ? example : mutate (util, example);
              const std::string &other = region_list[g_test_rand_int_range (0, region_list.size ())];

              for (const std::string &input : shapes (util, number, region))
                {
                  compare (input, region.c_str ());
                  compare (input, other.c_str ());
                  compare (input, nullptr);
                }
            }
        }
    }

  g_test_message ("%" G_GUINT64_FORMAT " numbers compared", compared);
  g_assert_cmpuint (compared, >, 10000);
}

/* The fast path is taken for the shapes it is for: it has a reason to exist. */
static void
test_phone_fast_path_used (void)
{
  const char *const inputs[] = { "06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678",
                                 "070-123 45 67", "+46 70 123 45 67", "(650) 253-0000" };
  const char *const regions[] = { "FR", "FR", "FR", "SE", nullptr, "US" };
  gint64 start;
  double fast_us, reference_us;
  g_autoptr (GString) out = g_string_new (NULL);

  start = g_get_monotonic_time ();
  for (int i = 0; i < 2000; i++)
    cohort_phone_normalize (inputs[i % 6], strlen (inputs[i % 6]), regions[i % 6], FALSE, out);
  fast_us = (g_get_monotonic_time () - start) / 2000.0;
  start = g_get_monotonic_time ();
  for (int i = 0; i < 2000; i++)
    cohort_phone_normalize_reference (inputs[i % 6], strlen (inputs[i % 6]), regions[i % 6], FALSE, out);
  reference_us = (g_get_monotonic_time () - start) / 2000.0;
  /* Not a timing target (that is the benchmark's job): a fast path three
   * times slower than the reference would mean it is never taken. */
  g_test_message ("fast %.2f µs, libphonenumber %.2f µs a number", fast_us, reference_us);
  g_assert_cmpfloat (fast_us, <, reference_us);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, nullptr);

  g_test_add_func ("/phone/differential", test_phone_differential);
  g_test_add_func ("/phone/fast-path-used", test_phone_fast_path_used);

  return g_test_run ();
}
