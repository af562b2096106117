/* phone-fast.cc: an exact fast path for the common shapes of phone numbers, checked against libphonenumber */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <pcre2.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "core/phone-fast.h"

/* Exported by libphonenumber without a public header: its own metadata. */
namespace i18n
{
namespace phonenumbers
{
int metadata_size ();
const void *metadata_get ();
} // namespace phonenumbers
} // namespace i18n

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;

namespace cohort
{

namespace
{

/* A PCRE2 pattern compiled once with JIT, anchored at the start ("looking
 * at", as libphonenumber says) or at both ends (a full match). */
class Pattern
{
public:
  Pattern (const std::string &source, bool full)
  {
    std::string anchored = "^(?:" + source + ")" + (full ? "$" : "");
    int error;
    PCRE2_SIZE offset;

    code_ = pcre2_compile (reinterpret_cast<PCRE2_SPTR> (anchored.c_str ()), anchored.size (), 0,
                           &error, &offset, nullptr);
    if (code_ != nullptr)
      pcre2_jit_compile (code_, PCRE2_JIT_COMPLETE);
  }
  ~Pattern () { pcre2_code_free (code_); }
  Pattern (const Pattern &) = delete;
  Pattern &operator= (const Pattern &) = delete;

  bool valid () const { return code_ != nullptr; }

  bool
  match (const std::string &subject) const
  {
    thread_local std::unique_ptr<pcre2_match_data, decltype (&pcre2_match_data_free)> data (
        pcre2_match_data_create (16, nullptr), pcre2_match_data_free);

    return code_ != nullptr &&
           pcre2_match (code_, reinterpret_cast<PCRE2_SPTR> (subject.data ()), subject.size (), 0,
                        0, data.get (), nullptr) >= 0;
  }

private:
  pcre2_code *code_ = nullptr;
};

struct Desc
{
  bool                          exists = false;
  std::vector<int>              lengths; /* empty: any length the general desc allows */
  std::unique_ptr<Pattern>      pattern;

  void
  load (const PhoneNumberDesc &desc)
  {
    if (!desc.has_national_number_pattern () ||
        (desc.possible_length_size () > 0 && desc.possible_length (0) == -1))
      return;
    exists = true;
    for (int i = 0; i < desc.possible_length_size (); i++)
      lengths.push_back (desc.possible_length (i));
    pattern = std::make_unique<Pattern> (desc.national_number_pattern (), true);
  }

  /* libphonenumber's IsNumberMatchingDesc(). */
  bool
  matches (const std::string &number) const
  {
    if (!exists)
      return false;
    if (!lengths.empty ())
      {
        bool found = false;

        for (int length : lengths)
          found = found || length == static_cast<int> (number.size ());
        if (!found)
          return false;
      }
    return pattern->match (number);
  }
};

struct Region
{
  std::string                  id;
  int                          country_code = 0;
  bool                         simple = true;   /* prefixes this fast path can apply exactly */
  std::string                  international_prefix; /* digits, when a literal */
  std::unique_ptr<Pattern>     international_pattern;
  std::string                  national_prefix;      /* digits, when a literal; empty for none */
  std::unique_ptr<Pattern>     leading_digits;
  Desc                         general;
  std::vector<Desc>            types;

  bool
  has_type (const std::string &number) const
  {
    if (!general.matches (number))
      return false;
    for (const Desc &desc : types)
      if (desc.matches (number))
        return true;
    return false;
  }
};

bool
all_digits (const std::string &text)
{
  if (text.empty ())
    return false;
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

class Metadata
{
public:
  Metadata ()
  {
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance ();
    PhoneMetadataCollection collection;

    if (!collection.ParseFromArray (i18n::phonenumbers::metadata_get (),
                                    i18n::phonenumbers::metadata_size ()))
      return;

    for (int i = 0; i < collection.metadata_size (); i++)
      {
        const PhoneMetadata &m = collection.metadata (i);
        auto region = std::make_unique<Region> ();
        const std::string &npp = m.national_prefix_for_parsing ();

        region->id = m.id ();
        region->country_code = m.country_code ();
        if (all_digits (m.international_prefix ()))
          region->international_prefix = m.international_prefix ();
        if (!m.international_prefix ().empty ())
          region->international_pattern = std::make_unique<Pattern> (m.international_prefix (), false);
        /* Only literal prefixes and no transform rule: the rest goes to libphonenumber. */
        if (!m.national_prefix_transform_rule ().empty () || (!npp.empty () && !all_digits (npp)))
          region->simple = false;
        region->national_prefix = npp;
        if (m.has_leading_digits ())
          region->leading_digits = std::make_unique<Pattern> (m.leading_digits (), false);
        region->general.load (m.general_desc ());
        for (const PhoneNumberDesc *desc :
             { &m.premium_rate (), &m.toll_free (), &m.shared_cost (), &m.voip (),
               &m.personal_number (), &m.pager (), &m.uan (), &m.voicemail (), &m.fixed_line (),
               &m.mobile () })
          {
            region->types.emplace_back ();
            region->types.back ().load (*desc);
          }
        by_id_[region->id] = region.get ();
        regions_.push_back (std::move (region));
      }

    /* libphonenumber's own order of the regions sharing a code (main first). */
    std::set<int> codes;
    util->GetSupportedCallingCodes (&codes);
    for (int code : codes)
      {
        std::list<std::string> ids;

        util->GetRegionCodesForCountryCallingCode (code, &ids);
        for (const std::string &id : ids)
          {
            auto found = by_id_.find (id);

            if (found != by_id_.end ())
              by_code_[code].push_back (found->second);
          }
      }
    ready_ = true;
  }

  bool ready () const { return ready_; }

  const Region *
  region (const char *id) const
  {
    auto found = by_id_.find (id);

    return found != by_id_.end () ? found->second : nullptr;
  }

  const std::vector<const Region *> *
  regions_for_code (int code) const
  {
    auto found = by_code_.find (code);

    return found != by_code_.end () ? &found->second : nullptr;
  }

private:
  bool                                            ready_ = false;
  std::vector<std::unique_ptr<Region>>            regions_;
  std::map<std::string, const Region *>           by_id_;
  std::map<int, std::vector<const Region *>>      by_code_;
};

const Metadata &
metadata ()
{
  static const Metadata instance;

  return instance;
}

/* Country calling codes are prefix-free: the first known 1–3 digit prefix is
 * it. They never start with 0, and libphonenumber refuses one that does:
 * "+01 415…" is not +1 415…. */
bool
extract_country_code (const Metadata &meta,
                      std::string    &digits,
                      int            *code)
{
  if (digits.empty () || digits[0] == '0')
    return false;
  for (size_t length = 1; length <= 3 && length < digits.size (); length++)
    {
      int candidate = std::stoi (digits.substr (0, length));

      if (meta.regions_for_code (candidate) != nullptr)
        {
          *code = candidate;
          digits.erase (0, length);
          return true;
        }
    }
  return false;
}

/* libphonenumber's national prefix stripping, for literal prefixes: strips
 * only where libphonenumber surely would; false when unsure. */
bool
strip_national_prefix (const Region &region,
                       std::string  &number)
{
  const std::string &prefix = region.national_prefix;
  std::string stripped;

  if (prefix.empty () || number.compare (0, prefix.size (), prefix) != 0)
    return true;
  stripped = number.substr (prefix.size ());
  /* Unsure when the shorter number would not be a possible one. */
  if (!region.general.matches (stripped))
    return false;
  number = stripped;
  return true;
}

} // namespace

bool
phone_fast_normalize (const char  *value,
                      size_t       length,
                      const char  *region_id,
                      std::string *e164)
{
  const Metadata &meta = metadata ();
  const Region *home = region_id != nullptr ? meta.region (region_id) : nullptr;
  const Region *parsing = nullptr;
  const std::vector<const Region *> *candidates;
  std::string digits;
  bool plus = false;
  int code = 0;

  if (!meta.ready ())
    return false;

  for (size_t i = 0; i < length; i++)
    {
      char c = value[i];

      if (c >= '0' && c <= '9')
        digits.push_back (c);
      else if (c == '+' && i == 0)
        plus = true;
      else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/')
        return false;
    }
  if (digits.size () < 2 || digits.size () > 17)
    return false;

  if (plus)
    {
      if (!extract_country_code (meta, digits, &code))
        return false;
    }
  else if (home != nullptr && home->simple)
    {
      const std::string &idd = home->international_prefix;

      if (!idd.empty () && digits.compare (0, idd.size (), idd) == 0)
        {
          digits.erase (0, idd.size ());
          /* Calling codes never start with 0: libphonenumber then reads it otherwise. */
          if (!extract_country_code (meta, digits, &code))
            return false;
        }
      else if (home->international_pattern != nullptr && home->international_pattern->match (digits))
        /* An international prefix that is a pattern (Israel's 0(?:0|1[2-9])…). */
        return false;
      else
        {
          std::string own = std::to_string (home->country_code);

          /* libphonenumber may take these digits for the country code. */
          if (digits.compare (0, own.size (), own) == 0)
            return false;
          code = home->country_code;
          parsing = home;
        }
    }
  else
    return false;

  candidates = meta.regions_for_code (code);
  if (candidates == nullptr || candidates->empty () || candidates->front ()->id == "001")
    return false;
  if (parsing == nullptr)
    parsing = candidates->front ();
  if (!parsing->simple || !strip_national_prefix (*parsing, digits))
    return false;
  if (digits.size () < 2 || digits.size () > 17)
    return false;

  /* The region the number belongs to, chosen as libphonenumber chooses it. */
  for (const Region *candidate : *candidates)
    {
      bool chosen = candidates->size () == 1;

      if (!chosen && candidate->leading_digits != nullptr)
        chosen = candidate->leading_digits->match (digits);
      else if (!chosen)
        chosen = candidate->has_type (digits);
      if (chosen)
        {
          if (!candidate->has_type (digits))
            return false;
          *e164 = "+" + std::to_string (code) + digits;
          return true;
        }
    }
  return false;
}

} // namespace cohort
