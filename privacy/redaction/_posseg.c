/* jieba 0.42.1's posseg cut with HMM (what privacy/redaction/posseg_cut.py's Cutter.cut gives) in C.
 *
 * The same steps as posseg_cut.py, over the text's code points:
 *   - blocks of [\u4E00-\u9FD5a-zA-Z0-9+#&._] go through the dictionary DAG and best route; every other character is
 *     a word of its own tagged "x" ("\r\n" is one word);
 *   - runs of single-character words that the dictionary does not hold as a word are split into Han runs, decoded by
 *     the posseg HMM (Viterbi over jieba's joint BMES x tag states), and runs of digits/dots ("m"), letters and digits
 *     ("eng") and anything else ("x").
 * The arithmetic is Python's: log(freq) - log(total) with libm's log (what math.log calls), (log p + route) added in
 * the same order, (V + trans) + emit in the decoder, and the tie-breaking of Python's tuple comparisons (the larger
 * end index in the route; the larger state, in the sort order of the (BMES, tag) tuples, in the decoder).
 * The dictionary is a trie whose edges live in one open-addressing hash table keyed by (parent node, code point).
 * Tests: tests/unit/privacy/redaction/test_posseg_c.py compares it with Cutter.cut.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(_MSC_VER)
#include <intrin.h>
#endif

#define MIN_FLOAT (-3.14e100)
#define HAN_LO 0x4E00
#define HAN_HI 0x9FD5
#define NHAN (HAN_HI - HAN_LO + 1)
#define MAX_STATES 256
#define NODE_BITS 21
#define NODE_MASK ((1u << NODE_BITS) - 1)
#define MAX_NODES (1u << NODE_BITS)
#define IN_FREQ 1 /* the fragment is a key of FREQ */
#define POSITIVE 2 /* ... with a frequency > 0: a word */

typedef struct {
    PyObject_HEAD
    /* dictionary trie: slots hold (parent << 42) | (code point << 21) | child; 0 is empty */
    uint64_t *slots;
    uint64_t mask;
    int hash_shift;
    uint32_t nnodes, maxnodes;
    double *logp;   /* per node: log(freq) - log(total), when POSITIVE */
    uint8_t *flags; /* per node: IN_FREQ, POSITIVE */
    uint16_t *tag;  /* per node: its tag's index + 1, 0 when word_tag_tab lacks it */
    double logtotal;
    PyObject **tags;
    int ntags;
    int tag_x, tag_m, tag_eng;
    /* HMM */
    int S, W;              /* states, 64-bit words per state set */
    char *bmes;            /* per state: 'B', 'M', 'E' or 'S' */
    int *state_tag;        /* per state: tag index */
    double *start;         /* S */
    double *trans;         /* S * S, -inf where jieba has no transition */
    uint8_t *moves;        /* per state: has any transition */
    uint64_t *succ;        /* S * W: the states each state may move to */
    uint64_t *allowed;     /* NHAN * W: the states a Han character may take (all when the model names none) */
    uint32_t *emit_off;    /* NHAN + 1 */
    uint8_t *emit_state;
    double *emit_val;
    uint64_t *all;         /* W: every state */
} CutterObject;

/* ---- trie ---- */

static inline uint64_t hash_key(const CutterObject *self, uint64_t key) {
    return (key * 0x9E3779B97F4A7C15ULL) >> self->hash_shift;
}

static inline uint32_t child(const CutterObject *self, uint32_t node, Py_UCS4 cp) {
    uint64_t key = ((uint64_t)node << 21) | cp;
    uint64_t h = hash_key(self, key);
    for (;;) {
        uint64_t s = self->slots[h];
        if (s == 0)
            return 0;
        if ((s >> NODE_BITS) == key)
            return (uint32_t)(s & NODE_MASK);
        h = (h + 1) & self->mask;
    }
}

static uint32_t add_child(CutterObject *self, uint32_t node, Py_UCS4 cp) {
    uint64_t key = ((uint64_t)node << 21) | cp;
    uint64_t h = hash_key(self, key);
    for (;;) {
        uint64_t s = self->slots[h];
        if (s == 0)
            break;
        if ((s >> NODE_BITS) == key)
            return (uint32_t)(s & NODE_MASK);
        h = (h + 1) & self->mask;
    }
    if (self->nnodes >= self->maxnodes)
        return 0;
    uint32_t c = self->nnodes++;
    self->slots[h] = (key << NODE_BITS) | c;
    return c;
}

/* The node of a word (0 when some prefix has no node). */
static uint32_t walk(CutterObject *self, PyObject *word) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    uint32_t node = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 cp = PyUnicode_READ(kind, data, i);
        node = add_child(self, node, cp);
        if (!node) {
            PyErr_SetString(PyExc_MemoryError, "dictionary trie full");
            return 0;
        }
    }
    return node;
}

static int tag_index(CutterObject *self, PyObject *index, PyObject *tag) {
    if (!PyUnicode_Check(tag)) {
        PyErr_SetString(PyExc_TypeError, "tags must be str");
        return -1;
    }
    PyObject *found = PyDict_GetItemWithError(index, tag);
    if (found)
        return (int)PyLong_AsLong(found);
    if (PyErr_Occurred())
        return -1;
    if (self->ntags >= 65535) {
        PyErr_SetString(PyExc_ValueError, "too many tags");
        return -1;
    }
    PyObject **tags = PyMem_Realloc(self->tags, sizeof(PyObject *) * (self->ntags + 1));
    if (!tags) {
        PyErr_NoMemory();
        return -1;
    }
    self->tags = tags;
    Py_INCREF(tag);
    tags[self->ntags] = tag;
    PyObject *i = PyLong_FromLong(self->ntags);
    if (!i || PyDict_SetItem(index, tag, i) < 0) {
        Py_XDECREF(i);
        return -1;
    }
    Py_DECREF(i);
    return self->ntags++;
}

static int intern_tag(CutterObject *self, PyObject *index, const char *s) {
    PyObject *t = PyUnicode_InternFromString(s);
    if (!t)
        return -1;
    int r = tag_index(self, index, t);
    Py_DECREF(t);
    return r;
}

/* ---- the type ---- */

static void Cutter_dealloc(CutterObject *self) {
    PyMem_Free(self->slots);
    PyMem_Free(self->logp);
    PyMem_Free(self->flags);
    PyMem_Free(self->tag);
    for (int i = 0; i < self->ntags; i++)
        Py_DECREF(self->tags[i]);
    PyMem_Free(self->tags);
    PyMem_Free(self->bmes);
    PyMem_Free(self->state_tag);
    PyMem_Free(self->start);
    PyMem_Free(self->trans);
    PyMem_Free(self->moves);
    PyMem_Free(self->succ);
    PyMem_Free(self->allowed);
    PyMem_Free(self->emit_off);
    PyMem_Free(self->emit_state);
    PyMem_Free(self->emit_val);
    PyMem_Free(self->all);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static double as_double(PyObject *o, int *err) {
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred())
        *err = 1;
    return d;
}

/* Cutter(freq, logtotal, word_tag_tab, names, start, trans, char_states, emit)
 *   freq: jieba's FREQ (str -> int); logtotal: math.log(total); word_tag_tab: str -> str;
 *   names: the HMM states in sorted order, as (bmes, tag) pairs; start: [float] per state;
 *   trans: [(i, j, float)]; char_states: [(char, [i, ...])]; emit: [(i, char, float)]. */
static int Cutter_init(CutterObject *self, PyObject *args, PyObject *kwds) {
    PyObject *freq, *wordtags, *names, *start, *trans, *char_states, *emit;
    double logtotal;
    if (self->slots) {
        PyErr_SetString(PyExc_RuntimeError, "already initialised");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!dO!O!O!O!O!O!", &PyDict_Type, &freq, &logtotal, &PyDict_Type, &wordtags,
                          &PyList_Type, &names, &PyList_Type, &start, &PyList_Type, &trans, &PyList_Type,
                          &char_states, &PyList_Type, &emit))
        return -1;
    self->logtotal = logtotal;
    int ok = -1;
    PyObject *index = PyDict_New();
    if (!index)
        return -1;

    /* nodes: the root, every key of FREQ, and at most every character of the tagged words FREQ lacks */
    Py_ssize_t bound = 1 + PyDict_Size(freq);
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(wordtags, &pos, &key, &value)) {
        int has = PyDict_Contains(freq, key);
        if (has < 0)
            goto done;
        if (!has && PyUnicode_Check(key))
            bound += PyUnicode_GET_LENGTH(key);
    }
    if (bound >= (Py_ssize_t)MAX_NODES) {
        PyErr_SetString(PyExc_ValueError, "dictionary too large");
        goto done;
    }
    uint64_t size = 1024;
    int bits = 10;
    while (size < (uint64_t)bound * 2) {
        size <<= 1;
        bits++;
    }
    self->mask = size - 1;
    self->hash_shift = 64 - bits;
    self->maxnodes = (uint32_t)bound;
    self->nnodes = 1;
    self->slots = PyMem_Calloc(size, sizeof(uint64_t));
    self->logp = PyMem_Calloc(bound, sizeof(double));
    self->flags = PyMem_Calloc(bound, 1);
    self->tag = PyMem_Calloc(bound, sizeof(uint16_t));
    if (!self->slots || !self->logp || !self->flags || !self->tag) {
        PyErr_NoMemory();
        goto done;
    }
    if ((self->tag_x = intern_tag(self, index, "x")) < 0 || (self->tag_m = intern_tag(self, index, "m")) < 0 ||
        (self->tag_eng = intern_tag(self, index, "eng")) < 0)
        goto done;

    pos = 0;
    while (PyDict_Next(freq, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || !PyLong_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "FREQ must map str to int");
            goto done;
        }
        if (PyUnicode_GET_LENGTH(key) == 0)
            continue; /* never looked up: a fragment has a character */
        uint32_t node = walk(self, key);
        if (!node)
            goto done;
        self->flags[node] |= IN_FREQ;
        int positive = PyObject_IsTrue(value);
        if (positive < 0)
            goto done;
        if (positive) {
            double f = PyLong_AsDouble(value); /* what math.log does with an int */
            if (f == -1.0 && PyErr_Occurred())
                goto done;
            if (f < 0) {
                PyErr_SetString(PyExc_ValueError, "negative frequency");
                goto done;
            }
            self->flags[node] |= POSITIVE;
            self->logp[node] = log(f) - logtotal;
        }
    }
    pos = 0;
    while (PyDict_Next(wordtags, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "word_tag_tab must map str to str");
            goto done;
        }
        if (PyUnicode_GET_LENGTH(key) == 0)
            continue;
        uint32_t node = walk(self, key);
        if (!node)
            goto done;
        int t = tag_index(self, index, value);
        if (t < 0)
            goto done;
        self->tag[node] = (uint16_t)(t + 1);
    }

    /* the HMM */
    Py_ssize_t S = PyList_GET_SIZE(names);
    if (S < 1 || S > MAX_STATES || PyList_GET_SIZE(start) != S) {
        PyErr_SetString(PyExc_ValueError, "between 1 and 256 states, with a start probability each");
        goto done;
    }
    int W = (int)((S + 63) / 64);
    self->S = (int)S;
    self->W = W;
    self->bmes = PyMem_Calloc(S, 1);
    self->state_tag = PyMem_Calloc(S, sizeof(int));
    self->start = PyMem_Calloc(S, sizeof(double));
    self->trans = PyMem_Calloc(S * S, sizeof(double));
    self->moves = PyMem_Calloc(S, 1);
    self->succ = PyMem_Calloc(S * W, sizeof(uint64_t));
    self->allowed = PyMem_Calloc((size_t)NHAN * W, sizeof(uint64_t));
    self->emit_off = PyMem_Calloc(NHAN + 1, sizeof(uint32_t));
    self->all = PyMem_Calloc(W, sizeof(uint64_t));
    if (!self->bmes || !self->state_tag || !self->start || !self->trans || !self->moves || !self->succ ||
        !self->allowed || !self->emit_off || !self->all) {
        PyErr_NoMemory();
        goto done;
    }
    int err = 0;
    for (Py_ssize_t i = 0; i < S; i++) {
        PyObject *name = PyList_GET_ITEM(names, i);
        if (!PyTuple_Check(name) || PyTuple_GET_SIZE(name) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(name, 0)) ||
            PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(name, 0)) != 1) {
            PyErr_SetString(PyExc_ValueError, "states are (bmes, tag) pairs");
            goto done;
        }
        Py_UCS4 b = PyUnicode_READ_CHAR(PyTuple_GET_ITEM(name, 0), 0);
        self->bmes[i] = (b == 'B' || b == 'M' || b == 'E' || b == 'S') ? (char)b : '?';
        int t = tag_index(self, index, PyTuple_GET_ITEM(name, 1));
        if (t < 0)
            goto done;
        self->state_tag[i] = t;
        self->start[i] = as_double(PyList_GET_ITEM(start, i), &err);
        self->all[i / 64] |= 1ULL << (i % 64);
    }
    for (Py_ssize_t i = 0; i < S * S; i++)
        self->trans[i] = -INFINITY;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(trans); k++) {
        Py_ssize_t i, j;
        double p;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(trans, k), "nnd", &i, &j, &p))
            goto done;
        if (i < 0 || i >= S || j < 0 || j >= S) {
            PyErr_SetString(PyExc_ValueError, "state out of range");
            goto done;
        }
        self->trans[i * S + j] = p;
        self->moves[i] = 1;
        self->succ[i * W + j / 64] |= 1ULL << (j % 64);
    }
    for (Py_ssize_t c = 0; c < NHAN; c++)
        memcpy(self->allowed + c * W, self->all, W * sizeof(uint64_t));
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(char_states); k++) {
        PyObject *ch, *list;
        if (!PyArg_ParseTuple(PyList_GET_ITEM(char_states, k), "UO!", &ch, &PyList_Type, &list))
            goto done;
        if (PyUnicode_GET_LENGTH(ch) != 1)
            continue;
        Py_UCS4 cp = PyUnicode_READ_CHAR(ch, 0);
        if (cp < HAN_LO || cp > HAN_HI)
            continue; /* the decoder only meets Han runs */
        uint64_t *a = self->allowed + (cp - HAN_LO) * W;
        memset(a, 0, W * sizeof(uint64_t));
        for (Py_ssize_t m = 0; m < PyList_GET_SIZE(list); m++) {
            Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(list, m));
            if (i == -1 && PyErr_Occurred())
                goto done;
            if (i < 0 || i >= S) {
                PyErr_SetString(PyExc_ValueError, "state out of range");
                goto done;
            }
            a[i / 64] |= 1ULL << (i % 64);
        }
    }
    /* emissions, grouped by character (counting sort) */
    Py_ssize_t ne = PyList_GET_SIZE(emit);
    for (Py_ssize_t k = 0; k < ne; k++) {
        PyObject *e = PyList_GET_ITEM(emit, k);
        if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 3 || !PyUnicode_Check(PyTuple_GET_ITEM(e, 1))) {
            PyErr_SetString(PyExc_ValueError, "emissions are (state, char, float)");
            goto done;
        }
        PyObject *ch = PyTuple_GET_ITEM(e, 1);
        if (PyUnicode_GET_LENGTH(ch) != 1)
            continue;
        Py_UCS4 cp = PyUnicode_READ_CHAR(ch, 0);
        if (cp >= HAN_LO && cp <= HAN_HI)
            self->emit_off[cp - HAN_LO + 1]++;
    }
    for (Py_ssize_t c = 0; c < NHAN; c++)
        self->emit_off[c + 1] += self->emit_off[c];
    uint32_t total = self->emit_off[NHAN];
    self->emit_state = PyMem_Calloc(total ? total : 1, 1);
    self->emit_val = PyMem_Calloc(total ? total : 1, sizeof(double));
    uint32_t *fill = PyMem_Calloc(NHAN, sizeof(uint32_t));
    if (!self->emit_state || !self->emit_val || !fill) {
        PyMem_Free(fill);
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < ne; k++) {
        PyObject *e = PyList_GET_ITEM(emit, k);
        PyObject *ch = PyTuple_GET_ITEM(e, 1);
        if (PyUnicode_GET_LENGTH(ch) != 1)
            continue;
        Py_UCS4 cp = PyUnicode_READ_CHAR(ch, 0);
        if (cp < HAN_LO || cp > HAN_HI)
            continue;
        Py_ssize_t i = PyLong_AsSsize_t(PyTuple_GET_ITEM(e, 0));
        if ((i == -1 && PyErr_Occurred()) || i < 0 || i >= S) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "state out of range");
            PyMem_Free(fill);
            goto done;
        }
        uint32_t at = self->emit_off[cp - HAN_LO] + fill[cp - HAN_LO]++;
        self->emit_state[at] = (uint8_t)i;
        self->emit_val[at] = as_double(PyTuple_GET_ITEM(e, 2), &err);
    }
    PyMem_Free(fill);
    if (err)
        goto done;
    ok = 0;
done:
    Py_DECREF(index);
    return ok;
}

/* ---- cutting ---- */

typedef struct {
    CutterObject *self;
    PyObject *text;
    const Py_UCS4 *u;
    PyObject *out;
    int offsets;
    /* scratch */
    double *rp;
    int32_t *ri;
    uint32_t *rnode;
} Ctx;

static int emit_word(Ctx *c, Py_ssize_t a, Py_ssize_t b, int tag) {
    PyObject *word = PyUnicode_Substring(c->text, a, b);
    if (!word)
        return -1;
    PyObject *t;
    PyObject *flag = c->self->tags[tag];
    Py_INCREF(flag);
    if (c->offsets) {
        PyObject *at = PyLong_FromSsize_t(a);
        if (!at) {
            Py_DECREF(word);
            Py_DECREF(flag);
            return -1;
        }
        t = PyTuple_New(3);
        if (!t) {
            Py_DECREF(word);
            Py_DECREF(flag);
            Py_DECREF(at);
            return -1;
        }
        PyTuple_SET_ITEM(t, 2, at);
    } else {
        t = PyTuple_New(2);
        if (!t) {
            Py_DECREF(word);
            Py_DECREF(flag);
            return -1;
        }
    }
    PyTuple_SET_ITEM(t, 0, word);
    PyTuple_SET_ITEM(t, 1, flag);
    int r = PyList_Append(c->out, t);
    Py_DECREF(t);
    return r;
}

static inline int tag_of_node(const CutterObject *self, uint32_t node) {
    return (node && self->tag[node]) ? self->tag[node] - 1 : self->tag_x;
}

static inline int is_han(Py_UCS4 ch) { return ch >= HAN_LO && ch <= HAN_HI; }
static inline int is_digit(Py_UCS4 ch) { return ch >= '0' && ch <= '9'; }
static inline int is_alpha(Py_UCS4 ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static inline int is_internal(Py_UCS4 ch) {
    return is_han(ch) || is_digit(ch) || is_alpha(ch) || ch == '+' || ch == '#' || ch == '&' || ch == '.' ||
           ch == '_';
}

static inline int ctz64(uint64_t x) {
#if defined(_MSC_VER)
    unsigned long i;
    _BitScanForward64(&i, x);
    return (int)i;
#else
    return __builtin_ctzll(x);
#endif
}

#define BIT(set, i) (((set)[(i) / 64] >> ((i) % 64)) & 1)

/* jieba.posseg's viterbi and __cut over the Han run u[a:b] */
static int cut_hmm(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    CutterObject *self = c->self;
    const Py_UCS4 *u = c->u;
    int S = self->S, W = self->W;
    Py_ssize_t n = b - a;
    double va[MAX_STATES], vb[MAX_STATES], erow[MAX_STATES];
    double *V = va, *Vn = vb;
    int cur[MAX_STATES], prev[MAX_STATES], ncur = 0, nprev;
    uint64_t expect[MAX_STATES / 64], obs[MAX_STATES / 64], seen[MAX_STATES / 64];
    uint8_t *back = PyMem_Malloc((size_t)n * S);
    uint8_t *route = PyMem_Malloc((size_t)n);
    if (!back || !route) {
        PyMem_Free(back);
        PyMem_Free(route);
        PyErr_NoMemory();
        return -1;
    }
    for (int y = 0; y < S; y++)
        erow[y] = MIN_FLOAT;

    /* the first character */
    {
        uint32_t ch = u[a] - HAN_LO;
        for (uint32_t k = self->emit_off[ch]; k < self->emit_off[ch + 1]; k++)
            erow[self->emit_state[k]] = self->emit_val[k];
        const uint64_t *al = self->allowed + (size_t)ch * W;
        for (int y = 0; y < S; y++)
            if (BIT(al, y)) {
                cur[ncur++] = y;
                V[y] = self->start[y] + erow[y];
            }
        for (uint32_t k = self->emit_off[ch]; k < self->emit_off[ch + 1]; k++)
            erow[self->emit_state[k]] = MIN_FLOAT;
    }
    for (Py_ssize_t t = 1; t < n; t++) {
        uint32_t ch = u[a + t] - HAN_LO;
        nprev = 0;
        for (int w = 0; w < W; w++)
            expect[w] = 0;
        for (int k = ncur - 1; k >= 0; k--) { /* descending: the first maximum is the largest state */
            int y0 = cur[k];
            if (self->moves[y0]) {
                prev[nprev++] = y0;
                for (int w = 0; w < W; w++)
                    expect[w] |= self->succ[y0 * W + w];
            }
        }
        if (!nprev) { /* jieba's max() of nothing */
            PyMem_Free(back);
            PyMem_Free(route);
            PyErr_SetString(PyExc_ValueError, "max() arg is an empty sequence");
            return -1;
        }
        const uint64_t *al = self->allowed + (size_t)ch * W;
        int any = 0;
        for (int w = 0; w < W; w++)
            any |= (obs[w] = al[w] & expect[w]) != 0;
        if (!any) {
            for (int w = 0; w < W; w++)
                any |= (obs[w] = expect[w]) != 0;
            if (!any)
                for (int w = 0; w < W; w++)
                    obs[w] = self->all[w];
        }
        for (uint32_t k = self->emit_off[ch]; k < self->emit_off[ch + 1]; k++)
            erow[self->emit_state[k]] = self->emit_val[k];
        uint8_t *bk = back + (size_t)t * S;
        /* max((V[y0] + trans[y0][y] + emit[y], y0) for y0 in prev) for each y of obs, walking only the transitions
         * that exist: a missing one scores -inf, below any path that exists (scores stay finite: MIN_FLOAT is
         * -3.14e100), and prev is scanned from the largest state with a strict >, so a tie keeps the largest. */
        for (int w = 0; w < W; w++)
            seen[w] = 0;
        for (int k = 0; k < nprev; k++) {
            int y0 = prev[k];
            double v0 = V[y0];
            const double *tr = self->trans + (size_t)y0 * S;
            const uint64_t *sc = self->succ + (size_t)y0 * W;
            for (int w = 0; w < W; w++) {
                uint64_t bits = sc[w] & obs[w];
                while (bits) {
                    int y = w * 64 + ctz64(bits);
                    bits &= bits - 1;
                    double p = (v0 + tr[y]) + erow[y];
                    if (!((seen[w] >> (y % 64)) & 1) || p > Vn[y]) {
                        seen[w] |= 1ULL << (y % 64);
                        Vn[y] = p;
                        bk[y] = (uint8_t)y0;
                    }
                }
            }
        }
        ncur = 0;
        for (int w = 0; w < W; w++) {
            uint64_t bits = obs[w];
            while (bits) {
                int y = w * 64 + ctz64(bits);
                bits &= bits - 1;
                if (!((seen[w] >> (y % 64)) & 1)) { /* no path at all: jieba's max() of -inf ties, the largest */
                    Vn[y] = -INFINITY;
                    bk[y] = (uint8_t)prev[0];
                }
                cur[ncur++] = y;
            }
        }
        for (uint32_t k = self->emit_off[ch]; k < self->emit_off[ch + 1]; k++)
            erow[self->emit_state[k]] = MIN_FLOAT;
        double *tmp = V;
        V = Vn;
        Vn = tmp;
    }
    /* max((V[y], y)): the largest state among the best */
    int state = cur[ncur - 1];
    double best = V[state];
    for (int k = ncur - 2; k >= 0; k--)
        if (V[cur[k]] > best) {
            best = V[cur[k]];
            state = cur[k];
        }
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        route[i] = (uint8_t)state;
        if (i)
            state = back[(size_t)i * S + state];
    }
    PyMem_Free(back);
    /* __cut: words from the B/M/E/S states */
    Py_ssize_t begin = 0, nexti = 0;
    int r = 0;
    for (Py_ssize_t i = 0; i < n && r == 0; i++) {
        char pos = self->bmes[route[i]];
        if (pos == 'B')
            begin = i;
        else if (pos == 'E') {
            r = emit_word(c, a + begin, a + i + 1, self->state_tag[route[i]]);
            nexti = i + 1;
        } else if (pos == 'S') {
            r = emit_word(c, a + i, a + i + 1, self->state_tag[route[i]]);
            nexti = i + 1;
        }
    }
    if (r == 0 && nexti < n)
        r = emit_word(c, a + nexti, b, self->state_tag[route[nexti]]);
    PyMem_Free(route);
    return r;
}

/* __cut_detail over u[a:b] */
static int cut_detail(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    const Py_UCS4 *u = c->u;
    Py_ssize_t p = a;
    while (p < b) {
        Py_ssize_t q = p;
        if (is_han(u[p])) {
            while (q < b && is_han(u[q]))
                q++;
            if (cut_hmm(c, p, q) < 0)
                return -1;
            p = q;
            continue;
        }
        while (q < b && !is_han(u[q]))
            q++;
        /* re_skip_detail.split: ([\.0-9]+|[a-zA-Z0-9]+) and what lies between */
        Py_ssize_t s = p;
        while (s < q) {
            Py_UCS4 ch = u[s];
            Py_ssize_t e = s + 1;
            int tag;
            if (ch == '.' || is_digit(ch)) {
                while (e < q && (u[e] == '.' || is_digit(u[e])))
                    e++;
                tag = c->self->tag_m;
            } else if (is_alpha(ch)) {
                while (e < q && (is_alpha(u[e]) || is_digit(u[e])))
                    e++;
                tag = c->self->tag_eng;
            } else {
                while (e < q && !(u[e] == '.' || is_digit(u[e]) || is_alpha(u[e])))
                    e++;
                tag = c->self->tag_x;
            }
            if (emit_word(c, s, e, tag) < 0)
                return -1;
            s = e;
        }
        p = q;
    }
    return 0;
}

/* the single-character words u[a:b] gathered by __cut_DAG */
static int flush(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    CutterObject *self = c->self;
    const Py_UCS4 *u = c->u;
    if (b - a == 1)
        return emit_word(c, a, b, tag_of_node(self, child(self, 0, u[a])));
    uint32_t node = 0;
    for (Py_ssize_t i = a; i < b && (i == a || node); i++)
        node = child(self, node, u[i]);
    if (!(node && (self->flags[node] & POSITIVE)))
        return cut_detail(c, a, b);
    for (Py_ssize_t i = a; i < b; i++)
        if (emit_word(c, i, i + 1, tag_of_node(self, child(self, 0, u[i]))) < 0)
            return -1;
    return 0;
}

/* __cut_DAG over the block u[a:b] (get_DAG and calc in one backward pass) */
static int cut_dag(Ctx *c, Py_ssize_t a, Py_ssize_t b) {
    CutterObject *self = c->self;
    const Py_UCS4 *u = c->u + a;
    Py_ssize_t N = b - a;
    double *rp = c->rp;
    int32_t *ri = c->ri;
    uint32_t *rnode = c->rnode;
    const double logone = log(1.0) - self->logtotal;
    rp[N] = 0.0;
    ri[N] = 0;
    for (Py_ssize_t idx = N - 1; idx >= 0; idx--) {
        int have = 0;
        double bp = 0.0;
        Py_ssize_t bi = idx;
        uint32_t bnode = 0, node = 0;
        for (Py_ssize_t i = idx; i < N; i++) {
            node = child(self, node, u[i]);
            if (!node || !(self->flags[node] & IN_FREQ))
                break;
            if (self->flags[node] & POSITIVE) {
                double p = self->logp[node] + rp[i + 1];
                if (!have || p >= bp) { /* (p, i) > (bp, bi): i only grows */
                    have = 1;
                    bp = p;
                    bi = i;
                    bnode = node;
                }
            }
        }
        if (!have) {
            bp = logone + rp[idx + 1];
            bi = idx;
        }
        rp[idx] = bp;
        ri[idx] = (int32_t)bi;
        rnode[idx] = bnode;
    }
    Py_ssize_t x = 0, buf = -1;
    while (x < N) {
        Py_ssize_t y = ri[x] + 1;
        if (y - x == 1) {
            if (buf < 0)
                buf = x;
        } else {
            if (buf >= 0) {
                if (flush(c, a + buf, a + x) < 0)
                    return -1;
                buf = -1;
            }
            if (emit_word(c, a + x, a + y, tag_of_node(self, rnode[x])) < 0)
                return -1;
        }
        x = y;
    }
    if (buf >= 0 && flush(c, a + buf, a + N) < 0)
        return -1;
    return 0;
}

static PyObject *run(CutterObject *self, PyObject *text, int offsets) {
    if (!self->slots) {
        PyErr_SetString(PyExc_RuntimeError, "not initialised");
        return NULL;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "a str is needed");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Ctx c = {self, text, NULL, NULL, offsets, NULL, NULL, NULL};
    c.out = PyList_New(0);
    if (!c.out)
        return NULL;
    if (n == 0)
        return c.out;
    Py_UCS4 *u = PyUnicode_AsUCS4Copy(text);
    c.u = u;
    c.rp = PyMem_Malloc((n + 1) * sizeof(double));
    c.ri = PyMem_Malloc((n + 1) * sizeof(int32_t));
    c.rnode = PyMem_Malloc((n + 1) * sizeof(uint32_t));
    int r = 0;
    if (!u || !c.rp || !c.ri || !c.rnode) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        r = -1;
    }
    Py_ssize_t p = 0;
    while (r == 0 && p < n) {
        Py_ssize_t q = p;
        if (is_internal(u[p])) {
            while (q < n && is_internal(u[q]))
                q++;
            r = cut_dag(&c, p, q);
        } else {
            while (q < n && !is_internal(u[q]))
                q++;
            /* re_skip_internal: "\r\n" is one word; every other character one word, all tagged x */
            Py_ssize_t s = p;
            while (r == 0 && s < q) {
                Py_ssize_t e = (u[s] == '\r' && s + 1 < q && u[s + 1] == '\n') ? s + 2 : s + 1;
                r = emit_word(&c, s, e, self->tag_x);
                s = e;
            }
        }
        p = q;
    }
    PyMem_Free(u);
    PyMem_Free(c.rp);
    PyMem_Free(c.ri);
    PyMem_Free(c.rnode);
    if (r < 0) {
        Py_DECREF(c.out);
        return NULL;
    }
    return c.out;
}

static PyObject *Cutter_cut(CutterObject *self, PyObject *text) { return run(self, text, 0); }

static PyObject *Cutter_tokens(CutterObject *self, PyObject *text) {
    PyObject *list = run(self, text, 1);
    if (!list)
        return NULL;
    PyObject *t = PyList_AsTuple(list);
    Py_DECREF(list);
    return t;
}

static PyObject *Cutter_clear(CutterObject *self, PyObject *unused) { Py_RETURN_NONE; }

static PyObject *Cutter_nbytes(CutterObject *self, PyObject *unused) {
    size_t n = (self->mask + 1) * sizeof(uint64_t) + (size_t)self->maxnodes * (sizeof(double) + 1 + sizeof(uint16_t));
    n += (size_t)self->S * self->S * sizeof(double) + (size_t)NHAN * self->W * sizeof(uint64_t);
    n += (NHAN + 1) * sizeof(uint32_t);
    if (self->emit_off)
        n += self->emit_off[NHAN] * (1 + sizeof(double));
    return PyLong_FromSize_t(n);
}

static PyMethodDef Cutter_methods[] = {
    {"cut", (PyCFunction)Cutter_cut, METH_O, "[(word, tag)] as posseg_cut.Cutter.cut gives them."},
    {"tokens", (PyCFunction)Cutter_tokens, METH_O, "((word, tag, start offset), ...) of the same words."},
    {"clear", (PyCFunction)Cutter_clear, METH_NOARGS, "Nothing to forget: no caches."},
    {"nbytes", (PyCFunction)Cutter_nbytes, METH_NOARGS, "Bytes held by the tables."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CutterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "privacy.redaction._posseg.Cutter",
    .tp_doc = "jieba.posseg's cut with HMM over tables converted once.",
    .tp_basicsize = sizeof(CutterObject),
    .tp_itemsize = 0,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Cutter_init,
    .tp_dealloc = (destructor)Cutter_dealloc,
    .tp_methods = Cutter_methods,
};

static struct PyModuleDef posseg_module = {
    PyModuleDef_HEAD_INIT, "_posseg", "jieba.posseg's cut in C (see posseg_cut.py).", -1, NULL,
};

PyMODINIT_FUNC PyInit__posseg(void) {
    if (PyType_Ready(&CutterType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&posseg_module);
    if (!m)
        return NULL;
    Py_INCREF(&CutterType);
    if (PyModule_AddObject(m, "Cutter", (PyObject *)&CutterType) < 0) {
        Py_DECREF(&CutterType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
