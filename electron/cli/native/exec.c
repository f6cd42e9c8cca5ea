/*
 * podlab-exec: `podlab exec` without Node, for the plain successful case. Why: Node's start-up alone (~25-55 ms here)
 * is as long as a whole `docker exec`, so no Node process can match it. This file MUST behave as the Node path does
 * (electron/cli/commands/exec.ts, electron/engine/exec-api.ts, hands/target.ts, runtime/docker/hands.ts, cli/attach.ts):
 * same container choice, same output, same exit code. For anything else (unknown flags, a CRI/remote/context endpoint,
 * a pod or container not found, not running, an engine refusal, malformed or oversized answers, any doubt) it execs
 * the Node path with the same argv BEFORE any side effect, so every message and exit code stays the Node path's.
 *
 * Usage (by bin/podlab only): podlab-exec <path of bin/podlab.cjs> exec ARGS...   PODLAB_EXEC_NATIVE=0 skips it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "json.h"

#define MAX_BODY (8u << 20)  /* the largest engine answer read; more is "doubt" */
#define MAX_REQ (1u << 20)   /* the exec create body (the command's argv as JSON) */
#define MAX_NAMES 256        /* containers of one pod considered */

static char **fb_argv; /* node, podlab.cjs, exec, ARGS..., NULL */
static int committed;  /* the command runs: from here a failure is reported, never handed to Node */
static void restore(void);

/* The Node path, with the same arguments, before anything was printed or started. */
static void fallback(void) {
  if (committed) {
    restore();
    fputs("podlab exec: out of memory while the command ran\n", stderr);
    exit(1);
  }
  signal(SIGPIPE, SIG_DFL);
  execvp("node", fb_argv);
  fprintf(stderr, "podlab: cannot run node (%s): install Node.js 20 or newer, or put it on PATH\n", strerror(errno));
  _exit(127);
}

/* ---- small buffers ---- */
struct buf { char *p; size_t len, cap; };

static void put(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->len + n + 1) * 2;
    if (cap > MAX_BODY * 2 || !(b->p = realloc(b->p, cap))) fallback();
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = 0;
}
static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }
static void putf(struct buf *b, const char *fmt, ...) {
  char t[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(t, sizeof t, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof t) fallback();
  put(b, t, (size_t)n);
}

/* A JSON string: quotes, backslashes and control characters escaped (the input is checked UTF-8). */
static void put_jstr(struct buf *b, const char *s) {
  put(b, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') put(b, "\\", 1), put(b, s, 1);
    else if (c < 0x20) putf(b, "\\u%04x", c);
    else put(b, s, 1);
  }
  put(b, "\"", 1);
}

/* Percent-encodes all but RFC 3986's unreserved characters, for a URL's query. */
static void put_pct(struct buf *b, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~", c)) put(b, s, 1);
    else putf(b, "%%%02X", c);
  }
}

static int utf8_ok(const unsigned char *s) {
  while (*s) {
    int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 && *s >= 0xc2 ? 1 : (*s & 0xf0) == 0xe0 ? 2 : (*s & 0xf8) == 0xf0 && *s <= 0xf4 ? 3 : -1;
    if (n < 0) return 0;
    s++;
    for (int i = 0; i < n; i++, s++)
      if ((*s & 0xc0) != 0x80) return 0;
  }
  return 1;
}

/* A name that may go into a URL and a container name: [a-z0-9.-] (and one '/' in a namespace/name pod key). */
static int name_ok(const char *s, size_t max, int slash) {
  size_t n = strlen(s);
  if (n == 0 || n > max) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' || (*s == '/' && slash-- > 0))) return 0;
  return 1;
}

static int hex_id(const char *s) {
  if (!s || strlen(s) != 64) return 0;
  for (; *s; s++)
    if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return 0;
  return 1;
}

/* ---- the engine over its unix socket (HTTP/1.1) ---- */
static const char *sock_path;

static int dial(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  if (strlen(sock_path) >= sizeof a.sun_path) return -1;
  strcpy(a.sun_path, sock_path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0) return fd;
  if (fd >= 0) close(fd);
  return -1;
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EAGAIN) { /* a non-blocking descriptor inherited from the caller: wait until it drains */
      struct pollfd pf = {fd, POLLOUT, 0};
      poll(&pf, 1, -1);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

struct resp {
  int status;
  char *body;     /* whole body (NUL-ended), or for a hijack the stream bytes read past the headers */
  size_t len;
};

static ssize_t read_more(int fd, struct buf *in) {
  if (in->cap - in->len < 65536 + 1) {
    if (in->cap > MAX_BODY + 65536) return -1;
    size_t cap = in->cap ? in->cap * 2 : 131072;
    if (!(in->p = realloc(in->p, cap))) return -1;
    in->cap = cap;
  }
  ssize_t r;
  do r = read(fd, in->p + in->len, 65536);
  while (r < 0 && errno == EINTR);
  if (r > 0) in->len += (size_t)r, in->p[in->len] = 0;
  return r;
}

/* A header's value (case-insensitive name) in the NUL-ended header block, or NULL. */
static const char *header(const char *h, const char *name) {
  size_t n = strlen(name);
  for (const char *l = strstr(h, "\r\n"); l; l = strstr(l + 2, "\r\n"))
    if (!strncasecmp(l + 2, name, n) && l[2 + n] == ':') {
      const char *v = l + 3 + n;
      while (*v == ' ') v++;
      return v;
    }
  return NULL;
}

/*
 * One request on a new connection. hijack: the connection becomes the exec's stream (returned in *fd, the bytes
 * already read in r->body). Else the body is read whole (content-length, chunked, or to EOF). -1 on any failure.
 */
static int request(const char *method, const char *path, const struct buf *json, int hijack, struct resp *r, int *fdp) {
  int fd = dial();
  if (fd < 0) return -1;
  struct buf q = {0};
  putf(&q, "%s ", method);
  puts_(&q, path);
  puts_(&q, " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: podlab-exec\r\n");
  /* Not hijacked: the engine closes after its answer, so a body of no stated length ends at EOF, never hangs. */
  puts_(&q, hijack ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n");
  if (json) putf(&q, "Content-Type: application/json\r\nContent-Length: %zu\r\n", json->len);
  puts_(&q, "\r\n");
  if (json) put(&q, json->p, json->len);
  int bad = write_all(fd, q.p, q.len);
  free(q.p);
  struct buf in = {0};
  char *end = NULL;
  while (!bad && !(end = strstr(in.p ? in.p : "", "\r\n\r\n")))
    if (in.len > 65536 || read_more(fd, &in) <= 0) bad = 1;
  if (bad || sscanf(in.p, "HTTP/1.%*d %d", &r->status) != 1) goto fail;
  *end = 0;
  size_t start = (size_t)(end + 4 - in.p);
  if (hijack) {
    r->len = in.len - start;
    r->body = malloc(r->len + 1);
    if (!r->body) goto fail;
    memcpy(r->body, in.p + start, r->len);
    free(in.p);
    *fdp = fd;
    return 0;
  }
  const char *te = header(in.p, "Transfer-Encoding"), *cl = header(in.p, "Content-Length");
  struct buf body = {0};
  if (te && !strncasecmp(te, "chunked", 7)) {
    size_t at = start;
    for (;;) {
      char *nl;
      while (!(nl = strstr(in.p + at, "\r\n")))
        if (read_more(fd, &in) <= 0) goto fail;
      char *e;
      unsigned long n = strtoul(in.p + at, &e, 16);
      if (e == in.p + at || n > MAX_BODY || body.len + n > MAX_BODY) goto fail;
      at = (size_t)(nl + 2 - in.p);
      while (in.len < at + n + 2)
        if (read_more(fd, &in) <= 0) goto fail;
      if (n == 0) break;
      put(&body, in.p + at, n);
      at += n + 2;
    }
  } else if (cl) {
    unsigned long n = strtoul(cl, NULL, 10);
    if (n > MAX_BODY) goto fail;
    while (in.len < start + n)
      if (read_more(fd, &in) <= 0) goto fail;
    put(&body, in.p + start, n);
  } else {
    while (read_more(fd, &in) > 0) {}
    put(&body, in.p + start, in.len - start);
  }
  if (!body.p) put(&body, "", 0);
  free(in.p);
  close(fd);
  r->body = body.p;
  r->len = body.len;
  return 0;
fail:
  free(in.p);
  close(fd);
  return -1;
}

/* ---- the pod's containers, chosen as hands/target.ts does ---- */
struct ctr {
  const char *id, *name, *state, *pod, *role, *cname, *uid, *eph, *manifest;
  long attempt;
  double created;
};

/* hasPodlabMarks (pods/guard.ts): pod, uid, attempt labels and the cri-dockerd name they give. -1: doubt. */
static int has_marks(struct ctr *c, const char *attempt_label, const char *pod) {
  if (!c->pod || !*c->pod || !c->uid || !*c->uid || !c->name || !*c->name) return 0;
  const char *a = attempt_label;
  if (!a) { /* containers from before the attempt label: the name's _<n> suffix */
    const char *u = strrchr(c->name, '_');
    a = u && u[1] ? u + 1 : NULL;
  }
  if (!a || !*a || strspn(a, "0123456789") != strlen(a)) return 0;
  if ((a[0] == '0' && a[1]) || strlen(a) > 9) return -1; /* Number("007") formatting: leave it to Node */
  c->attempt = atol(a);
  const char *slash = strchr(pod, '/');
  char ns[256], pn[256], expect[1024];
  snprintf(ns, sizeof ns, "%.*s", slash ? (int)(slash - pod) : 7, slash ? pod : "default");
  snprintf(pn, sizeof pn, "%s", slash ? slash + 1 : pod);
  const char *who = !strcmp(c->role, "sandbox") ? "POD" : (!strcmp(c->role, "app") || !strcmp(c->role, "init")) ? c->cname : c->eph;
  if (!who || !*who) return 0;
  if (snprintf(expect, sizeof expect, "k8s_%s_%s_%s_%s_%ld", who, pn, ns, c->uid, c->attempt) >= (int)sizeof expect) return -1;
  return !strcmp(c->name[0] == '/' ? c->name + 1 : c->name, expect);
}

/* `newer` of target.ts: higher attempt first, then later created. */
static int newer(const struct ctr *a, const struct ctr *b) {
  return a->attempt != b->attempt ? a->attempt > b->attempt : a->created > b->created;
}

static char *read_file_small(const char *path, size_t max, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *p = malloc(max + 1);
  size_t n = p ? fread(p, 1, max + 1, f) : 0;
  fclose(f);
  if (!p || n > max) return free(p), (char *)-1;
  p[n] = 0;
  *len = n;
  return p;
}

/* Is the engine podlab would use the local Docker socket, as connect.ts and context.ts choose it? Sets sock_path. */
static void choose_engine(void) {
  const char *cri = getenv("CONTAINER_RUNTIME_ENDPOINT");
  if (cri && cri[strspn(cri, " \t\r\n")]) fallback();
  const char *host = getenv("DOCKER_HOST");
  if (host && *host) {
    if (strncmp(host, "unix://", 7) || !host[7]) fallback();
    sock_path = host + 7;
    return;
  }
  const char *ctx = getenv("DOCKER_CONTEXT");
  if (ctx && *ctx && strcmp(ctx, "default")) fallback();
  const char *cfgdir = getenv("DOCKER_CONFIG"), *home = getenv("HOME");
  char path[4096];
  if (cfgdir && *cfgdir) snprintf(path, sizeof path, "%s/config.json", cfgdir);
  else if (home && *home) snprintf(path, sizeof path, "%s/.docker/config.json", home);
  else fallback();
  size_t len = 0;
  char *cfg = read_file_small(path, 1u << 20, &len);
  if (cfg == (char *)-1) fallback();
  if (cfg && strstr(cfg, "currentContext")) {
    size_t cap = len * 4 + 4096;
    char *arena = malloc(cap);
    struct jnode *root = arena ? json_parse(cfg, len, arena, cap) : NULL;
    const char *cur = jstr(root, "currentContext");
    if (!root || (jget(root, "currentContext") && !cur) || (cur && *cur && strcmp(cur, "default"))) fallback();
    free(arena);
  }
  free(cfg);
  sock_path = "/var/run/docker.sock";
  struct stat st;
  if (stat(sock_path, &st) != 0) fallback();
}

/* loadConfig (engine/config.ts) would refuse these: let Node say so. */
static void check_config(void) {
  const char *probe = getenv("PODLAB_PROBE"), *kubelet = getenv("PODLAB_KUBELET");
  if (probe && *probe && strcmp(probe, "direct") && strcmp(probe, "helper") && strcmp(probe, "none")) fallback();
  if (kubelet && *kubelet && strcmp(kubelet, "on") && strcmp(kubelet, "1") && strcmp(kubelet, "off") && strcmp(kubelet, "0")) fallback();
  const char *nums[] = {"PODLAB_REFRESH_MS", "PODLAB_BACKOFF_BASE_MS", "PODLAB_BACKOFF_MAX_MS", "PODLAB_BACKOFF_RESET_MS"};
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
    const char *v = getenv(nums[i]);
    if (v && *v && (v[0] < '1' || v[0] > '9' || strspn(v, "0123456789") != strlen(v) || strlen(v) > 12)) fallback();
  }
}

/* ---- the terminal (cli/attach.ts): raw mode with -it on a TTY, restored on every exit path ---- */
static struct termios saved;
static int raw_on;

static void restore(void) {
  if (raw_on) tcsetattr(0, TCSANOW, &saved), raw_on = 0;
}

static void on_fatal(int sig) {
  restore();
  signal(sig, SIG_DFL);
  raise(sig);
}

static int winch_pipe[2] = {-1, -1};
static void on_winch(int sig) {
  (void)sig;
  int e = errno;
  if (write(winch_pipe[1], "w", 1) < 0) {}
  errno = e;
}

static const char *exec_id;

/* POST /exec/<id>/resize with stdout's window size (the Node path's process.stdout.columns/rows); errors ignored. */
static void resize(void) {
  struct winsize ws;
  if (ioctl(1, TIOCGWINSZ, &ws) != 0 || !ws.ws_col || !ws.ws_row) return;
  char path[160];
  snprintf(path, sizeof path, "/exec/%s/resize?h=%u&w=%u", exec_id, ws.ws_row, ws.ws_col);
  struct resp r = {0};
  if (request("POST", path, NULL, 0, &r, NULL) == 0) free(r.body);
}

/* Output bytes to fd 1/2; a reader that went away (EPIPE) ends podlab as the Node path's handler does: exit 0. */
static void out(int fd, const char *p, size_t n) {
  if (write_all(fd, p, n) != 0 && errno == EPIPE) restore(), exit(0);
}

/* The hijacked stream until the engine closes it: frames split by stream (FrameReader), stdin copied with -i. */
static void pump(int sock, const char *first, size_t first_len, int tty, int use_stdin) {
  unsigned char hdr[8];
  size_t hlen = 0, remaining = 0;
  int to = 1, raw_stream = tty, stdin_open = use_stdin;
  char in[65536], pend[65536];
  size_t plen = 0, poff = 0;
  const char *p = first;
  size_t n = first_len;
  for (;;) {
    while (n > 0) { /* demultiplex p[0..n) */
      if (raw_stream) {
        out(1, p, n);
        break;
      }
      if (remaining == 0) {
        size_t take = 8 - hlen < n ? 8 - hlen : n;
        memcpy(hdr + hlen, p, take), hlen += take, p += take, n -= take;
        if (hlen < 8) break;
        hlen = 0;
        if (hdr[0] > 2 || hdr[1] || hdr[2] || hdr[3]) { /* not multiplexed (isMultiplexed): raw from here */
          raw_stream = 1;
          out(1, (const char *)hdr, 8);
          continue;
        }
        to = hdr[0] == 2 ? 2 : 1;
        remaining = (size_t)hdr[4] << 24 | (size_t)hdr[5] << 16 | (size_t)hdr[6] << 8 | hdr[7];
        continue;
      }
      size_t k = remaining < n ? remaining : n;
      out(to, p, k);
      remaining -= k, p += k, n -= k;
    }
    struct pollfd fds[3] = {{sock, POLLIN | (plen ? POLLOUT : 0), 0}, {winch_pipe[0], POLLIN, 0}, {stdin_open && !plen ? 0 : -1, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents & POLLIN) {
      char w[64];
      if (read(winch_pipe[0], w, sizeof w) > 0) resize();
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = read(0, pend, sizeof pend);
      if (r > 0) plen = (size_t)r, poff = 0;
      else if (r == 0 || (errno != EINTR && errno != EAGAIN)) stdin_open = 0, shutdown(sock, SHUT_WR); /* EOF: half-close */
    }
    if (plen && (fds[0].revents & POLLOUT)) {
      ssize_t w = send(sock, pend + poff, plen, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (w > 0) poff += (size_t)w, plen -= (size_t)w;
      else if (w < 0 && errno != EAGAIN && errno != EINTR) plen = 0, stdin_open = 0;
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = read(sock, in, sizeof in);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return;
      p = in, n = (size_t)r;
    }
  }
}

/* exitCodeOf (runtime/docker/hands.ts): the exec's exit code once the engine records it, polled for at most 5 s. */
static int exit_code(void) {
  char path[160];
  snprintf(path, sizeof path, "/exec/%s/json", exec_id);
  struct timespec t0, now, pause = {0, 10 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (int i = 0; i < 500; i++) {
    struct resp r = {0};
    if (request("GET", path, NULL, 0, &r, NULL) == 0 && r.status == 200) {
      char *arena = malloc(r.len * 4 + 4096);
      struct jnode *root = arena ? json_parse(r.body, r.len, arena, r.len * 4 + 4096) : NULL;
      struct jnode *running = jget(root, "Running"), *code = jget(root, "ExitCode");
      int done = running && running->type == J_BOOL && !running->num && code && code->type == J_NUM;
      int v = done ? (int)code->num : 0;
      free(arena);
      free(r.body);
      if (done) return v;
    } else free(r.body);
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 > 5000) break;
    nanosleep(&pause, NULL);
  }
  restore();
  fprintf(stderr, "podlab exec: the engine did not report the exit code of the command; look at the container with podlab inspect\n");
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  /* The fallback's argv: node <podlab.cjs> exec ARGS... */
  fb_argv = calloc((size_t)argc + 1, sizeof *fb_argv);
  if (!fb_argv) return 1;
  fb_argv[0] = "node";
  for (int i = 1; i < argc; i++) fb_argv[i] = argv[i];
  signal(SIGPIPE, SIG_IGN); /* a closed engine socket or stdout is an error code here, not a death */
  const char *native = getenv("PODLAB_EXEC_NATIVE");
  if (strcmp(argv[2], "exec") || (native && !strcmp(native, "0"))) fallback();

  /* Flags as parseFlags reads them for exec; anything it would read otherwise, or refuse, goes to Node. */
  const char *pod = NULL, *cname = NULL;
  int tty = 0, use_stdin = 0, dashdash = 0, i = 3;
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!utf8_ok((const unsigned char *)a)) fallback();
    if (!strcmp(a, "--")) {
      dashdash = 1, i++;
      break;
    }
    if (!strcmp(a, "-i") || !strcmp(a, "--stdin")) use_stdin = 1;
    else if (!strcmp(a, "-t") || !strcmp(a, "--tty")) tty = 1;
    else if (!strcmp(a, "-it") || !strcmp(a, "-ti")) use_stdin = tty = 1;
    else if (!strcmp(a, "-c") || !strcmp(a, "--container")) {
      if (++i >= argc || argv[i][0] == '-') fallback();
      cname = argv[i];
    } else if (!strncmp(a, "--container=", 12)) cname = a + 12;
    else if (!strncmp(a, "-c", 2)) cname = a[2] == '=' ? a + 3 : a + 2;
    else if (a[0] == '-' || pod) fallback(); /* unknown flag, --help, a second pod */
    else pod = a;
  }
  if (!dashdash || i >= argc || !pod || !name_ok(pod, 253, 1) || (cname && !name_ok(cname, 63, 0))) fallback();
  check_config();
  choose_engine();

  /* One filtered listing, as podContainers() makes it. */
  struct buf path = {0}, filter = {0};
  puts_(&filter, "{\"label\":[");
  put_jstr(&filter, "io.podlab.pod=");
  filter.len -= 1; /* reopen the string to append the pod (validated: nothing to escape) */
  puts_(&filter, pod);
  puts_(&filter, "\"]}");
  puts_(&path, "/containers/json?all=1&filters=");
  put_pct(&path, filter.p);
  struct resp list = {0};
  if (request("GET", path.p, NULL, 0, &list, NULL) || list.status != 200) fallback();
  size_t cap = list.len * 4 + 65536;
  char *arena = malloc(cap);
  struct jnode *root = arena ? json_parse(list.body, list.len, arena, cap) : NULL;
  if (!root || root->type != J_ARR) fallback();

  static struct ctr all[MAX_NAMES];
  int n = 0;
  struct ctr *sandbox = NULL;
  for (struct jnode *e = root->child; e; e = e->next) {
    struct jnode *labels = jget(e, "Labels"), *names = jget(e, "Names"), *created = jget(e, "Created");
    struct ctr c = {0};
    c.role = jstr(labels, "io.podlab.role");
    c.pod = jstr(labels, "io.podlab.pod");
    if (!c.pod || strcmp(c.pod, pod) || !c.role || (strcmp(c.role, "sandbox") && strcmp(c.role, "app") && strcmp(c.role, "init") && strcmp(c.role, "ephemeral"))) continue;
    if (n == MAX_NAMES || (jget(labels, "io.podlab.attempt") && !jstr(labels, "io.podlab.attempt"))) fallback();
    c.id = jstr(e, "Id");
    c.state = jstr(e, "State");
    c.name = names && names->type == J_ARR && names->child && names->child->type == J_STR ? names->child->str : c.id;
    c.cname = jstr(labels, "io.podlab.container");
    c.uid = jstr(labels, "io.podlab.uid");
    c.eph = jstr(labels, "io.podlab.ephemeral");
    c.manifest = jstr(labels, "io.podlab.manifest");
    c.created = created && created->type == J_NUM ? created->num : -1;
    int marks = has_marks(&c, jstr(labels, "io.podlab.attempt"), pod);
    if (marks < 0 || !hex_id(c.id) || c.created < 0) fallback();
    if (!marks) continue;
    all[n] = c;
    if (!strcmp(c.role, "sandbox") && (!sandbox || newer(&c, sandbox))) sandbox = &all[n];
    n++;
  }

  /* Names in manifest order and the default-container annotation, from the sandbox's manifest label (only for the
   * default choice: with -c neither matters). */
  struct jnode *mroot = NULL;
  const char *annotated = NULL;
  if (!cname && sandbox && sandbox->manifest) {
    if (!strncmp(sandbox->manifest, "gz:", 3)) fallback(); /* gzipped (large) manifests: Node unpacks them */
    size_t mlen = strlen(sandbox->manifest), mcap = mlen * 4 + 65536;
    char *marena = malloc(mcap);
    if (!marena || !(mroot = json_parse(sandbox->manifest, mlen, marena, mcap))) fallback();
    annotated = jstr(jget(jget(mroot, "metadata"), "annotations"), "kubectl.kubernetes.io/default-container");
  }
  struct jnode *spec_ctrs = jget(jget(mroot, "spec"), "containers");

  /* App names: first appearance in the listing, newest attempt each, then sorted (stable) by manifest rank, created. */
  struct ctr *apps[MAX_NAMES], *ephs[MAX_NAMES];
  int napps = 0, nephs = 0;
  for (int k = 0; k < n; k++) {
    struct ctr *c = &all[k];
    if (sandbox && strcmp(c->uid, sandbox->uid)) continue; /* a pod re-created under the same name */
    int is_app = !strcmp(c->role, "app");
    if (!is_app && strcmp(c->role, "ephemeral")) continue;
    struct ctr **set = is_app ? apps : ephs;
    int *cnt = is_app ? &napps : &nephs, found = 0;
    const char *nm = is_app ? c->cname : c->eph;
    for (int j = 0; j < *cnt; j++)
      if (!strcmp(is_app ? set[j]->cname : set[j]->eph, nm)) {
        if (!is_app) fallback(); /* two ephemeral containers of one name: doubt */
        if (newer(c, set[j])) set[j] = c;
        found = 1;
      }
    if (!found) set[(*cnt)++] = c;
  }
  long rank[MAX_NAMES];
  for (int k = 0; k < napps; k++) {
    long r = 0, len = 0;
    int hit = 0;
    if (spec_ctrs && spec_ctrs->type == J_ARR)
      for (struct jnode *s = spec_ctrs->child; s; s = s->next) {
        const char *sn = jstr(s, "name");
        if (!sn) continue;
        if (!hit && !strcmp(sn, apps[k]->cname)) r = len, hit = 1;
        len++;
      }
    rank[k] = hit ? r : len;
  }
  for (int k = 1; k < napps; k++) /* insertion sort: stable, as Array.prototype.sort */
    for (int j = k; j > 0 && (rank[j] < rank[j - 1] || (rank[j] == rank[j - 1] && apps[j]->created < apps[j - 1]->created)); j--) {
      struct ctr *t = apps[j];
      long rt = rank[j];
      apps[j] = apps[j - 1], rank[j] = rank[j - 1], apps[j - 1] = t, rank[j - 1] = rt;
    }

  /* findTarget: -c, else the annotated default (when it is an app container), else the first app container. */
  if (!sandbox && !napps && !nephs) fallback(); /* unknown pod: Node lists podlab's pods */
  const char *chosen = cname;
  if (!chosen && annotated)
    for (int k = 0; k < napps; k++)
      if (!strcmp(apps[k]->cname, annotated)) chosen = annotated;
  if (!chosen && napps) chosen = apps[0]->cname;
  struct ctr *target = NULL;
  for (int k = 0; chosen && k < napps; k++)
    if (!strcmp(apps[k]->cname, chosen)) target = apps[k];
  for (int k = 0; chosen && !target && k < nephs; k++)
    if (!strcmp(ephs[k]->eph, chosen)) target = ephs[k];
  /* Unknown container, an init container by name, or not running: Node's answers. */
  if (!target || !target->state || strcmp(target->state, "running")) fallback();
  int defaulted = !cname && napps + nephs > 1;

  /* exec create, as dockerHands().exec sends it. */
  int out_tty = isatty(1);
  struct winsize ws = {0};
  int sized = tty && out_tty && ioctl(1, TIOCGWINSZ, &ws) == 0;
  struct buf size = {0}, body = {0};
  if (sized) putf(&size, ",\"ConsoleSize\":[%u,%u]", ws.ws_row, ws.ws_col);
  puts_(&body, "{\"Cmd\":[");
  for (int k = i; k < argc; k++) {
    if (k > i) puts_(&body, ",");
    put_jstr(&body, argv[k]);
  }
  putf(&body, "],\"AttachStdin\":%s,\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":%s%s}", use_stdin ? "true" : "false", tty ? "true" : "false", sized ? size.p : "");
  if (body.len > MAX_REQ) fallback();
  path.len = 0;
  putf(&path, "/containers/%s/exec", target->id);
  struct resp created = {0};
  if (request("POST", path.p, &body, 0, &created, NULL) || created.status != 201) fallback();
  char *carena = malloc(created.len * 4 + 4096);
  struct jnode *croot = carena ? json_parse(created.body, created.len, carena, created.len * 4 + 4096) : NULL;
  exec_id = jstr(croot, "Id");
  if (!hex_id(exec_id)) fallback();

  /* exec start, hijacked. A refusal (e.g. it stopped meanwhile) still goes to Node: it re-reads the state. */
  body.len = 0;
  putf(&body, "{\"Detach\":false,\"Tty\":%s%s}", tty ? "true" : "false", sized ? size.p : "");
  path.len = 0;
  putf(&path, "/exec/%s/start", exec_id);
  struct resp started = {0};
  int sock = -1;
  if (request("POST", path.p, &body, 1, &started, &sock) || (started.status != 101 && started.status != 200)) fallback();

  committed = 1; /* from here the command runs: no more fallbacks */
  if (defaulted) {
    fprintf(stderr, "Defaulted container \"%s\" out of: ", chosen);
    for (int k = 0; k < napps; k++) fprintf(stderr, "%s%s", k ? ", " : "", apps[k]->cname);
    for (int k = 0; k < nephs; k++) fprintf(stderr, "%s%s", napps + k ? ", " : "", ephs[k]->eph);
    fputs("\n", stderr);
  }
  if (tty && !out_tty) fputs("Unable to use a TTY - output is not a terminal; the command still gets one\n", stderr);
  if (pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK) != 0) winch_pipe[0] = winch_pipe[1] = -1;
  if (tty && use_stdin && isatty(0) && tcgetattr(0, &saved) == 0) {
    struct termios t = saved;
    /* libuv's raw mode (Node's setRawMode), so a terminal behaves as with the Node path. */
    t.c_iflag &= ~(tcflag_t)(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
    t.c_oflag |= ONLCR;
    t.c_cflag |= CS8;
    t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | IEXTEN | ISIG);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    atexit(restore);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) signal(sigs[k], on_fatal);
    if (tcsetattr(0, TCSADRAIN, &t) == 0) raw_on = 1;
  }
  if (tty && out_tty && winch_pipe[1] >= 0) {
    struct sigaction sa = {.sa_handler = on_winch, .sa_flags = SA_RESTART};
    sigaction(SIGWINCH, &sa, NULL);
    resize();
  }
  pump(sock, started.body, started.len, tty, use_stdin);
  close(sock);
  int code = exit_code();
  restore();
  return code & 0xff;
}
