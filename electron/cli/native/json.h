/*
 * A tiny bounded JSON reader for podlab-exec (exec.c): parses a document into a tree of nodes held in one arena, so
 * the Docker engine's answers (container list, exec create/inspect) and the manifest label can be read field by field.
 * Anything malformed, too deep or too large fails the whole parse: the caller then falls back to the Node path.
 */
#ifndef PODLAB_JSON_H
#define PODLAB_JSON_H
#include <stdlib.h>
#include <string.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
  enum jtype type;
  double num;            /* J_NUM, J_BOOL (0/1) */
  const char *str;       /* J_STR: decoded, NUL-terminated (a NUL inside fails the parse) */
  const char *key;       /* set on members of an object */
  struct jnode *child;   /* first element/member */
  struct jnode *next;    /* next sibling */
};

struct jparser {
  const char *p, *end;
  char *arena;
  size_t used, cap;
  int depth;
};

#define JSON_MAX_DEPTH 64

static void *jalloc(struct jparser *ps, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (ps->cap - ps->used < n) return NULL;
  void *r = ps->arena + ps->used;
  ps->used += n;
  return r;
}

static void jws(struct jparser *ps) {
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int jhex4(const char *s, unsigned *out) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return -1;
  }
  *out = v;
  return 0;
}

/* A string at ps->p (after its opening quote) decoded to UTF-8 in the arena; NULL on any error or a NUL inside. */
static const char *jstring(struct jparser *ps) {
  const char *s = ps->p;
  size_t max = 0;
  while (s < ps->end && *s != '"') {
    if (*s == '\\') s++;
    s++;
    max++;
  }
  if (s >= ps->end) return NULL;
  char *out = jalloc(ps, max * 3 + 1), *o = out;
  if (!out) return NULL;
  while (*ps->p != '"') {
    unsigned char c = (unsigned char)*ps->p++;
    if (c < 0x20) return NULL;
    if (c != '\\') {
      *o++ = (char)c;
      continue;
    }
    char e = *ps->p++;
    const char *simple = strchr("\"\\/bfnrt", e);
    if (e && simple) {
      *o++ = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
      continue;
    }
    unsigned u, lo;
    if (e != 'u' || ps->end - ps->p < 4 || jhex4(ps->p, &u)) return NULL;
    ps->p += 4;
    if (u >= 0xd800 && u < 0xdc00) {
      if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || jhex4(ps->p + 2, &lo) || lo < 0xdc00 || lo >= 0xe000) return NULL;
      ps->p += 6;
      u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
    } else if (u >= 0xdc00 && u < 0xe000) return NULL;
    if (u == 0) return NULL;
    if (u < 0x80) *o++ = (char)u;
    else if (u < 0x800) *o++ = (char)(0xc0 | u >> 6), *o++ = (char)(0x80 | (u & 0x3f));
    else if (u < 0x10000) *o++ = (char)(0xe0 | u >> 12), *o++ = (char)(0x80 | ((u >> 6) & 0x3f)), *o++ = (char)(0x80 | (u & 0x3f));
    else *o++ = (char)(0xf0 | u >> 18), *o++ = (char)(0x80 | ((u >> 12) & 0x3f)), *o++ = (char)(0x80 | ((u >> 6) & 0x3f)), *o++ = (char)(0x80 | (u & 0x3f));
  }
  ps->p++;
  *o = 0;
  return out;
}

static struct jnode *jvalue(struct jparser *ps) {
  jws(ps);
  if (ps->p >= ps->end || ++ps->depth > JSON_MAX_DEPTH) return NULL;
  struct jnode *n = jalloc(ps, sizeof *n);
  if (!n) return NULL;
  memset(n, 0, sizeof *n);
  char c = *ps->p;
  if (c == '{' || c == '[') {
    n->type = c == '{' ? J_OBJ : J_ARR;
    ps->p++;
    jws(ps);
    struct jnode **tail = &n->child;
    if (ps->p < ps->end && *ps->p == (c == '{' ? '}' : ']')) ps->p++;
    else
      for (;;) {
        const char *key = NULL;
        if (c == '{') {
          jws(ps);
          if (ps->p >= ps->end || *ps->p++ != '"' || !(key = jstring(ps))) return NULL;
          jws(ps);
          if (ps->p >= ps->end || *ps->p++ != ':') return NULL;
        }
        struct jnode *v = jvalue(ps);
        if (!v) return NULL;
        v->key = key;
        *tail = v;
        tail = &v->next;
        jws(ps);
        if (ps->p >= ps->end) return NULL;
        char d = *ps->p++;
        if (d == (c == '{' ? '}' : ']')) break;
        if (d != ',') return NULL;
      }
  } else if (c == '"') {
    ps->p++;
    n->type = J_STR;
    if (!(n->str = jstring(ps))) return NULL;
  } else if (c == 't' || c == 'f' || c == 'n') {
    const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    size_t len = strlen(word);
    if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len)) return NULL;
    ps->p += len;
    n->type = c == 'n' ? J_NULL : J_BOOL;
    n->num = c == 't';
  } else {
    /* JSON's number grammar, checked by hand; strtod reads the value (bounded copy: the input is not NUL-ended). */
    const char *s = ps->p, *q = s;
    char buf[64];
    if (q < ps->end && *q == '-') q++;
    if (q >= ps->end || *q < '0' || *q > '9') return NULL;
    if (*q == '0') q++;
    else
      while (q < ps->end && *q >= '0' && *q <= '9') q++;
    if (q < ps->end && *q == '.') {
      if (++q >= ps->end || *q < '0' || *q > '9') return NULL;
      while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
      if (++q < ps->end && (*q == '+' || *q == '-')) q++;
      if (q >= ps->end || *q < '0' || *q > '9') return NULL;
      while (q < ps->end && *q >= '0' && *q <= '9') q++;
    }
    if ((size_t)(q - s) >= sizeof buf) return NULL;
    memcpy(buf, s, (size_t)(q - s));
    buf[q - s] = 0;
    n->type = J_NUM;
    n->num = strtod(buf, NULL);
    ps->p = q;
  }
  ps->depth--;
  return n;
}

/* Parses text[0..len) into `arena` (cap bytes); NULL when malformed, trailing garbage, or out of room. */
static struct jnode *json_parse(const char *text, size_t len, char *arena, size_t cap) {
  struct jparser ps = {text, text + len, arena, 0, cap, 0};
  struct jnode *root = jvalue(&ps);
  if (!root) return NULL;
  jws(&ps);
  return ps.p == ps.end ? root : NULL;
}

/* The member `key` of an object (the last one, as JSON.parse keeps), or NULL. */
static struct jnode *jget(const struct jnode *o, const char *key) {
  struct jnode *found = NULL;
  if (o && o->type == J_OBJ)
    for (struct jnode *m = o->child; m; m = m->next)
      if (!strcmp(m->key, key)) found = m;
  return found;
}

/* The string member `key`, or NULL when absent or not a string. */
static const char *jstr(const struct jnode *o, const char *key) {
  struct jnode *v = jget(o, key);
  return v && v->type == J_STR ? v->str : NULL;
}
#endif
