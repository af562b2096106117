/* hash-set.c: CohortHashSet, a compact set of SHA-256 hashes for deduplicating millions of them */
#include "config.h"

#include <string.h>

#include "core/hash-set.h"

/* Open addressing with the hashes stored inline: 32 bytes an entry plus a
 * bit, instead of a GHashTable's pointers and boxed keys (three times as
 * much). SHA-256 output is uniform, so its first bytes are the slot. */
struct _CohortHashSet
{
  guint8  *slots;
  guint8  *used; /* one bit a slot */
  gsize    capacity; /* a power of two */
  gsize    size;
};

#define INITIAL_CAPACITY 1024

CohortHashSet *
cohort_hash_set_new (void)
{
  CohortHashSet *set = g_new0 (CohortHashSet, 1);

  set->capacity = INITIAL_CAPACITY;
  set->slots = g_malloc (set->capacity * COHORT_HASH_LENGTH);
  set->used = g_malloc0 (set->capacity / 8);
  return set;
}

void
cohort_hash_set_free (CohortHashSet *set)
{
  if (set == NULL)
    return;
  g_free (set->slots);
  g_free (set->used);
  g_free (set);
}

static inline gsize
slot_of (const guint8 *hash,
         gsize         mask)
{
  guint64 start;

  memcpy (&start, hash, sizeof start);
  return start & mask;
}

static inline gboolean
is_used (const CohortHashSet *set,
         gsize                i)
{
  return (set->used[i / 8] >> (i % 8)) & 1;
}

/* The slot holding @hash, or the empty slot where it would go. */
static gsize
find (const CohortHashSet *set,
      const guint8        *hash)
{
  gsize mask = set->capacity - 1;
  gsize i = slot_of (hash, mask);

  while (is_used (set, i) && memcmp (set->slots + i * COHORT_HASH_LENGTH, hash, COHORT_HASH_LENGTH) != 0)
    i = (i + 1) & mask;
  return i;
}

static void
grow (CohortHashSet *set)
{
  guint8 *old_slots = set->slots;
  guint8 *old_used = set->used;
  gsize old_capacity = set->capacity;

  set->capacity *= 2;
  set->slots = g_malloc (set->capacity * COHORT_HASH_LENGTH);
  set->used = g_malloc0 (set->capacity / 8);
  for (gsize i = 0; i < old_capacity; i++)
    if ((old_used[i / 8] >> (i % 8)) & 1)
      {
        gsize j = find (set, old_slots + i * COHORT_HASH_LENGTH);

        memcpy (set->slots + j * COHORT_HASH_LENGTH, old_slots + i * COHORT_HASH_LENGTH,
                COHORT_HASH_LENGTH);
        set->used[j / 8] |= 1 << (j % 8);
      }
  g_free (old_slots);
  g_free (old_used);
}

/**
 * cohort_hash_set_add:
 * @hash: %COHORT_HASH_LENGTH bytes
 *
 * Returns: %TRUE when @hash was not in the set yet
 */
gboolean
cohort_hash_set_add (CohortHashSet *set,
                     const guint8  *hash)
{
  gsize i;

  /* At most 3/4 full: probes stay short. */
  if ((set->size + 1) * 4 > set->capacity * 3)
    grow (set);
  i = find (set, hash);
  if (is_used (set, i))
    return FALSE;
  memcpy (set->slots + i * COHORT_HASH_LENGTH, hash, COHORT_HASH_LENGTH);
  set->used[i / 8] |= 1 << (i % 8);
  set->size++;
  return TRUE;
}

gboolean
cohort_hash_set_contains (CohortHashSet *set,
                          const guint8  *hash)
{
  return is_used (set, find (set, hash));
}

gsize
cohort_hash_set_size (CohortHashSet *set)
{
  return set->size;
}

/* Bits of a hash's start that pick its bucket: about two hashes a bucket,
 * with at most 2^22 buckets (16 MiB of counts). */
static guint
radix_bits (gsize n)
{
  guint bits = 8;

  while (bits < 22 && ((gsize) 1 << bits) < n / 2)
    bits++;
  return bits;
}

static inline guint32
bucket_of (const guint8 *hash,
           guint         bits)
{
  guint32 start = ((guint32) hash[0] << 24) | ((guint32) hash[1] << 16) | ((guint32) hash[2] << 8) | hash[3];

  return start >> (32 - bits);
}

/**
 * cohort_hash_set_steal_sorted:
 * @out_n_hashes: (out): how many hashes
 *
 * Sorts the hashes in byte order (SQLite's order for blobs). SHA-256 output
 * is uniform, so one counting pass on the first bits puts each hash within
 * a bucket of a few, which an insertion sort finishes: linear time, where
 * qsort() took a quarter of a million-row import. The set is empty
 * afterwards and must not be used again but to be freed.
 *
 * Returns: (transfer none): the hashes, valid until the set is freed
 */
const guint8 *
cohort_hash_set_steal_sorted (CohortHashSet *set,
                              gsize         *out_n_hashes)
{
  gsize n = set->size;
  guint bits = radix_bits (n);
  gsize n_buckets = (gsize) 1 << bits;
  g_autofree guint32 *starts = g_new0 (guint32, n_buckets + 1);
  guint8 *sorted = g_malloc (MAX (n, 1) * COHORT_HASH_LENGTH);

  for (gsize i = 0; i < set->capacity; i++)
    if (is_used (set, i))
      starts[bucket_of (set->slots + i * COHORT_HASH_LENGTH, bits) + 1]++;
  for (gsize b = 0; b < n_buckets; b++)
    starts[b + 1] += starts[b];

  for (gsize i = 0; i < set->capacity; i++)
    if (is_used (set, i))
      {
        const guint8 *hash = set->slots + i * COHORT_HASH_LENGTH;
        guint32 b = bucket_of (hash, bits);

        memcpy (sorted + starts[b]++ * COHORT_HASH_LENGTH, hash, COHORT_HASH_LENGTH);
      }

  g_free (set->slots);
  set->slots = sorted;
  memset (set->used, 0, set->capacity / 8);
  set->size = 0;

  /* starts[b] now ends bucket b, which began where bucket b - 1 ends. */
  for (gsize b = 0; b < n_buckets; b++)
    {
      gsize begin = b > 0 ? starts[b - 1] : 0;

      for (gsize i = begin + 1; i < starts[b]; i++)
        {
          guint8 key[COHORT_HASH_LENGTH];
          gsize j = i;

          memcpy (key, sorted + i * COHORT_HASH_LENGTH, COHORT_HASH_LENGTH);
          while (j > begin && memcmp (sorted + (j - 1) * COHORT_HASH_LENGTH, key, COHORT_HASH_LENGTH) > 0)
            {
              memcpy (sorted + j * COHORT_HASH_LENGTH, sorted + (j - 1) * COHORT_HASH_LENGTH,
                      COHORT_HASH_LENGTH);
              j--;
            }
          memcpy (sorted + j * COHORT_HASH_LENGTH, key, COHORT_HASH_LENGTH);
        }
    }

  *out_n_hashes = n;
  return sorted;
}
