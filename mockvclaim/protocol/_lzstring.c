/* LZString compressToEncodedURIComponent for ASCII text: the hot case, since every answer
 * is JSON with non-ASCII written as \uXXXX (docs/vclaim-api.md §2.2). A compiled twin of
 * the pure-Python compressor in lzstring.py, which stays the fallback and the reference:
 * the same algorithm as JavaScript lz-string 1.5.0, output character for character.
 *
 * The dictionary is a trie kept in one open-addressing hash table keyed by
 * (phrase code, next character), so no phrase string is ever built.
 *
 * Not handled here (lzstring.py handles them): non-ASCII input, and input containing
 * "__proto__", a phrase JavaScript's plain-object dictionary silently refuses to store. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char ALPHABET[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

typedef struct {
    char *out;
    Py_ssize_t length;
    unsigned value;
    int position;
} Stream;

/* Six bits make one output character, most significant bit first, as lz-string packs them. */
static inline void put_bit(Stream *s, unsigned bit)
{
    s->value = (s->value << 1) | bit;
    if (s->position == 5) {
        s->out[s->length++] = ALPHABET[s->value];
        s->value = 0;
        s->position = 0;
    } else {
        s->position++;
    }
}

/* A value goes out least significant bit first, `bits` of it. */
static inline void put_value(Stream *s, uint64_t value, int bits)
{
    for (int i = 0; i < bits; i++) {
        put_bit(s, (unsigned)(value & 1));
        value >>= 1;
    }
}

typedef struct {
    uint64_t *keys; /* (code << 7 | character) + 1; 0 is an empty slot */
    uint32_t *codes;
    uint64_t mask;
} Trie;

static inline uint64_t slot_of(const Trie *t, uint64_t key)
{
    return (key * 0x9E3779B97F4A7C15ULL >> 17) & t->mask;
}

static inline int64_t trie_find(const Trie *t, uint64_t key)
{
    for (uint64_t i = slot_of(t, key);; i = (i + 1) & t->mask) {
        if (t->keys[i] == key)
            return t->codes[i];
        if (t->keys[i] == 0)
            return -1;
    }
}

static inline void trie_add(Trie *t, uint64_t key, uint32_t code)
{
    uint64_t i = slot_of(t, key);
    while (t->keys[i] != 0)
        i = (i + 1) & t->mask;
    t->keys[i] = key;
    t->codes[i] = code;
}

typedef struct {
    Stream stream;
    int num_bits;
    uint64_t enlarge_in;
} Writer;

static inline void count_down(Writer *w)
{
    if (--w->enlarge_in == 0) {
        w->enlarge_in = (uint64_t)1 << w->num_bits;
        w->num_bits++;
    }
}

/* Write the current phrase: its character as a literal the first time it is seen alone,
 * else its dictionary code. */
static inline void write_phrase(Writer *w, int64_t code, int single, unsigned char *unwritten)
{
    if (single >= 0 && unwritten[single]) {
        put_value(&w->stream, 0, w->num_bits);
        put_value(&w->stream, (uint64_t)single, 8);
        count_down(w);
        unwritten[single] = 0;
    } else {
        put_value(&w->stream, (uint64_t)code, w->num_bits);
    }
    count_down(w);
}

static PyObject *compress_ascii(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text) || !PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "the compiled LZString takes ASCII text only");
        return NULL;
    }
    const unsigned char *units = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);

    uint64_t size = 64;
    while (size < (uint64_t)(2 * n + 8))
        size <<= 1;
    Trie trie = {calloc(size, sizeof(uint64_t)), malloc(size * sizeof(uint32_t)), size - 1};
    /* Each step writes at most num_bits + 8 bits, and num_bits stays under 64. */
    char *out = malloc((size_t)(n + 2) * 12 + 16);
    if (trie.keys == NULL || trie.codes == NULL || out == NULL) {
        free(trie.keys);
        free(trie.codes);
        free(out);
        return PyErr_NoMemory();
    }

    int64_t char_code[128];
    unsigned char unwritten[128];
    for (int i = 0; i < 128; i++) {
        char_code[i] = -1;
        unwritten[i] = 0;
    }
    Writer w = {{out, 0, 0, 0}, 2, 2};
    uint64_t dict_size = 3;
    int64_t phrase = -1; /* code of the current phrase; -1 before the first character */
    int single = -1;     /* its character when the phrase is one character, else -1 */

    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned c = units[i];
        if (char_code[c] < 0) {
            char_code[c] = (int64_t)dict_size++;
            unwritten[c] = 1;
        }
        if (phrase < 0) {
            phrase = char_code[c];
            single = (int)c;
            continue;
        }
        uint64_t key = (((uint64_t)phrase << 7) | c) + 1;
        int64_t longer = trie_find(&trie, key);
        if (longer >= 0) {
            phrase = longer;
            single = -1;
            continue;
        }
        write_phrase(&w, phrase, single, unwritten);
        trie_add(&trie, key, (uint32_t)dict_size++);
        phrase = char_code[c];
        single = (int)c;
    }
    if (phrase >= 0)
        write_phrase(&w, phrase, single, unwritten);

    put_value(&w.stream, 2, w.num_bits); /* end of stream */
    /* JavaScript always flushes one more character, padded with zero bits. */
    for (;;) {
        w.stream.value <<= 1;
        if (w.stream.position == 5) {
            w.stream.out[w.stream.length++] = ALPHABET[w.stream.value];
            break;
        }
        w.stream.position++;
    }

    PyObject *result = PyUnicode_FromStringAndSize(out, w.stream.length);
    free(trie.keys);
    free(trie.codes);
    free(out);
    return result;
}

static PyMethodDef methods[] = {
    {"compress_ascii", compress_ascii, METH_O,
     "LZString.compressToEncodedURIComponent of ASCII text without \"__proto__\"."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lzstring", "Compiled LZString fast path (see lzstring.py).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__lzstring(void)
{
    return PyModule_Create(&module);
}
