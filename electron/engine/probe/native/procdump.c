/*
 * podlab-sockdiag --dump: one run that reads, for the running containers of a model build, every /proc fact that
 * pods/listed.ts and probe/direct.ts would otherwise read one syscall at a time through Node (~3000 at 100 pods).
 *
 * Request on stdin, one line each:
 *     G <cgroup dir before the id>\t<after the id>   where cgroups live (learnt from one inspected container), 1-8 of them
 *     H                                               also list the host's interfaces (before any setns)
 *     s <id> | a <id>                                 a running sandbox | app container (64 hex digits)
 *     .                                               the end of the request (else the end of stdin)
 *     D                                               discover mode: at once, before reading on, find where the
 *                                                     containers' cgroups are (see struct found); G lines are then
 *                                                     optional
 * Containers are read by up to four threads (one per CPU) while the main thread lists the host's interfaces; the
 * answer is printed in the request's order, in two parts (see Y).
 * Answer on stdout: lines "<tag> <fields>"; a field that may hold any byte is a blob: its length ends the line, then
 * exactly that many bytes and a newline.
 *     @@podlab-dump 1
 *     T <uptime seconds, as /proc/uptime> <btime>
 *     F links <len>                 the host's interfaces (H), in --links row format
 *     C <id> <s|a>                  a container; then, unless "X <why>" says it could not be read:
 *     P <pid> <ppid> <start ticks> <comm len>   each pid of its cgroup.procs (from one /proc/<pid>/stat read) + comm blob
 *     M <pid>                       the main pid: parent outside the cgroup, earliest start, then lowest pid
 *     N <net|uts|ipc|pid> <link>    the main pid's namespace links (ipc and pid for sandboxes only)
 *     F hostname <len>              a sandbox's /etc/hostname (through /proc/<pid>/root)
 *     E                             the container is complete
 *     Y                             every container is above: the describer may go on (printed, then flushed)
 *     K <id>                        what the probe needs of a container (read meanwhile); then
 *     S <pid> <inode>...            the socket inodes each of its pids holds (its /proc/<pid>/fd links "socket:[N]")
 *     F <udp|udp6|fib_trie|route|if_inet6|tcp|tcp6|links> <len>   a sandbox's netns texts (absent when unreadable)
 *     E
 *     Z                             the dump is complete
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockdiag.h"

#define MAX_REQUEST (16 << 20)
#define MAX_AROUND 8
#define MAX_PIDS 16384
/* Containers are read by this many threads side by side (each its own netns: setns is per thread for CLONE_NEWNET). */
#define MAX_THREADS 4
#define MAX_TEXT (16 << 20)

struct proc {
  long pid, ppid;
  unsigned long long start;
  char comm[64];
};

/* A whole /proc or /sys file (until a short read, as probe/direct.ts reads them), malloc'd; NULL when unreadable. */
static char *slurp(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 64 * 1024, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      free(buf);
      buf = NULL;
      break;
    }
    n += (size_t)r;
    if (n < cap || cap >= MAX_TEXT) break;
    char *grown = realloc(buf, cap * 2);
    if (!grown) free(buf);
    buf = grown, cap *= 2;
  }
  close(fd);
  if (buf) *len = n;
  return buf;
}

static void blob(FILE *out, const char *name, const char *text, size_t len) {
  fprintf(out, "F %s %zu\n", name, len);
  fwrite(text, 1, len, out);
  fputc('\n', out);
}

/* A file as a blob, when it can be read. */
static void file_blob(FILE *out, const char *name, const char *path) {
  size_t len;
  char *t = slurp(path, &len);
  if (t) blob(out, name, t, len);
  free(t);
}

/* Parses /proc/<pid>/stat: comm is between the first '(' and the last ')'; ppid and starttime follow (fields 4, 22). */
static int read_stat(long pid, struct proc *p) {
  char path[64];
  size_t len;
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  char *t = slurp(path, &len);
  if (!t) return -1;
  char *open_ = memchr(t, '(', len), *close_ = NULL;
  for (char *c = t + len; c-- > t;)
    if (*c == ')') {
      close_ = c;
      break;
    }
  int ok = -1;
  if (open_ && close_ && close_ > open_ && close_ + 2 < t + len) {
    size_t n = (size_t)(close_ - open_ - 1);
    if (n >= sizeof p->comm) n = sizeof p->comm - 1;
    memcpy(p->comm, open_ + 1, n);
    p->comm[n] = 0;
    t[len - 1] = 0; /* the text ends with a newline */
    char state;
    if (sscanf(close_ + 2, "%c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &state, &p->ppid, &p->start) == 3) ok = 0;
  }
  p->pid = pid;
  free(t);
  return ok;
}

/* The socket inodes a pid holds, as one "S <pid> <inode>..." line. */
static void sockets(FILE *out, long pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/fd", pid);
  fprintf(out, "S %ld", pid);
  DIR *d = opendir(path);
  if (d) {
    for (struct dirent *e; (e = readdir(d));) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      char target[64];
      ssize_t n = readlinkat(dirfd(d), e->d_name, target, sizeof target - 1);
      if (n <= 0) continue;
      target[n] = 0;
      unsigned long inode;
      if (sscanf(target, "socket:[%lu]", &inode) == 1) fprintf(out, " %lu", inode);
    }
    closedir(d);
  }
  fputc('\n', out);
}

static void ns_link(FILE *out, long pid, const char *kind) {
  char path[64], target[128];
  snprintf(path, sizeof path, "/proc/%ld/ns/%s", pid, kind);
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n <= 0) return;
  target[n] = 0;
  if (!strpbrk(target, " \n")) fprintf(out, "N %s %s\n", kind, target);
}

/* Runs one netlink reader into memory and prints its rows as a blob (nothing when it fails). */
static void netlink_blob(FILE *out, const char *name, int family) {
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) return;
  int r = family ? dump(mem, NULL, family) : links(mem, NULL);
  if (fclose(mem) == 0 && r == 0) blob(out, name, text, len);
  free(text);
}

/*
 * What only the probe needs of a container, "K <id>" … "E": the sockets each of its processes holds, and a sandbox's
 * netns: the /proc/<pid>/net texts, then (inside it) its LISTEN sockets and interfaces.
 */
static void probe_part(FILE *out, const char *id, int sandbox, long main_pid, const long *pids, size_t n) {
  static const char *files[] = {"udp", "udp6", "fib_trie", "route", "if_inet6"};
  char path[96];
  fprintf(out, "K %s\n", id);
  for (size_t i = 0; i < n; i++) sockets(out, pids[i]);
  if (sandbox) {
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
      snprintf(path, sizeof path, "/proc/%ld/net/%s", main_pid, files[i]);
      file_blob(out, files[i], path);
    }
    if (enter_netns(main_pid) == 0) {
      netlink_blob(out, "tcp", AF_INET);
      netlink_blob(out, "tcp6", AF_INET6);
      netlink_blob(out, "links", 0);
    }
  }
  fprintf(out, "E\n");
}

/* The pids of a container's cgroup (the first of the learnt directories that lists any). */
static size_t cgroup_pids(char (*around)[2][512], int n_around, const char *id, long *pids) {
  for (int i = 0; i < n_around; i++) {
    /* Each part is shorter than 512 bytes (checked when the request was read), the id at most 64. */
    char path[1200];
    stpcpy(stpcpy(stpcpy(stpcpy(path, around[i][0]), id), around[i][1]), "/cgroup.procs");
    size_t len, n = 0;
    char *t = slurp(path, &len);
    if (!t) continue;
    for (char *c = t, *end = t + len; c < end && n < MAX_PIDS;) {
      char *nl = memchr(c, '\n', (size_t)(end - c));
      if (!nl) nl = end;
      long pid = strtol(c, NULL, 10);
      if (pid > 0) pids[n++] = pid;
      c = nl + 1;
    }
    free(t);
    if (n > 0) return n;
  }
  return 0;
}

/*
 * A container's processes and namespace links, a sandbox's hostname: "C <id> <s|a>" … "E". Its main pid, 0 for none.
 * `first`: where the discover mode found its cgroup, tried before the learnt layouts (NULL: not found).
 */
static long container(FILE *out, char (*first)[2][512], char (*around)[2][512], int n_around, const char *id, int sandbox, long *pids, struct proc *procs, size_t *n_procs) {
  fprintf(out, "C %s %c\n", id, sandbox ? 's' : 'a');
  size_t n = first ? cgroup_pids(first, 1, id, pids) : 0, m = 0;
  if (n == 0) n = cgroup_pids(around, n_around, id, pids);
  if (n == 0) {
    fprintf(out, "X no readable cgroup.procs\n");
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    /* A pid that ended since cgroup.procs was read is left out, as the Node reader leaves it out of the main-pid choice. */
    if (read_stat(pids[i], &procs[m]) < 0) continue;
    fprintf(out, "P %ld %ld %llu %zu\n%s\n", procs[m].pid, procs[m].ppid, procs[m].start, strlen(procs[m].comm), procs[m].comm);
    m++;
  }
  /* The main-pid choice below compares every pair: a container with thousands of processes is left to Node. */
  if (m > 4096) {
    fprintf(out, "X too many processes\n");
    return 0;
  }
  *n_procs = m;
  struct proc *main_ = NULL;
  for (size_t i = 0; i < m; i++) {
    int inside = 0;
    for (size_t j = 0; j < m && !inside; j++) inside = procs[j].pid == procs[i].ppid;
    if (inside) continue;
    if (!main_ || procs[i].start < main_->start || (procs[i].start == main_->start && procs[i].pid < main_->pid)) main_ = &procs[i];
  }
  if (!main_) {
    fprintf(out, "X no main process\n");
    return 0;
  }
  fprintf(out, "M %ld\n", main_->pid);
  ns_link(out, main_->pid, "net");
  ns_link(out, main_->pid, "uts");
  if (sandbox) {
    char path[64];
    ns_link(out, main_->pid, "ipc");
    ns_link(out, main_->pid, "pid");
    snprintf(path, sizeof path, "/proc/%ld/root/etc/hostname", main_->pid);
    file_blob(out, "hostname", path);
  }
  fprintf(out, "E\n");
  return main_->pid;
}

static int is_id(const char *s) {
  size_t n = strspn(s, "0123456789abcdef");
  return n >= 12 && n <= 64 && s[n] == 0;
}

/*
 * The discover mode ("D"): where each container's cgroup is, found by walking one cgroup hierarchy before the request
 * names any container. podlab starts the helper so when Node starts (native/early.c), so that no container has to be
 * inspected to learn the layout once the engine has listed them; the request's containers are then read where they
 * were found (a container started since is read with the layouts learnt from the others).
 */
struct found {
  char id[65];
  /* Its cgroup directory around the id. */
  char around[1][2][512];
};

struct discovery {
  struct found *all;
  size_t n, cap;
  /* Directories looked at (bounded: a host with a huge cgroup tree gives up the discover mode, not its time). */
  size_t visited;
};

#define MAX_FOUND 16384
#define MAX_VISITED 50000
#define MAX_DEPTH 8

/* The position of a run of exactly 64 lowercase hex digits in a directory name (a container id), or -1. */
static int id_at(const char *name) {
  for (int i = 0, run = 0;; i++) {
    int hex = (name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f');
    if (hex) {
      run++;
      continue;
    }
    if (run == 64) return i - 64;
    if (!name[i]) return -1;
    run = 0;
  }
}

static void walk(struct discovery *d, char *path, size_t len, int depth) {
  DIR *dir = opendir(path);
  if (!dir) return;
  for (struct dirent *e; (e = readdir(dir)) && d->visited < MAX_VISITED && d->n < MAX_FOUND;) {
    if (e->d_type != DT_DIR || e->d_name[0] == '.') continue;
    size_t nlen = strlen(e->d_name);
    if (len + 1 + nlen >= 512 - 64) continue;
    d->visited++;
    int at = id_at(e->d_name);
    if (at < 0) {
      if (depth < MAX_DEPTH) {
        path[len] = '/';
        memcpy(path + len + 1, e->d_name, nlen + 1);
        walk(d, path, len + 1 + nlen, depth + 1);
        path[len] = 0;
      }
      continue;
    }
    if (d->n == d->cap) {
      size_t cap = d->cap ? d->cap * 2 : 256;
      struct found *grown = realloc(d->all, cap * sizeof *grown);
      if (!grown) break;
      d->all = grown, d->cap = cap;
    }
    struct found *f = &d->all[d->n++];
    memcpy(f->id, e->d_name + at, 64);
    f->id[64] = 0;
    /* A container's own directory: not walked into (its processes are listed in it, as runc puts them). */
    snprintf(f->around[0][0], 512, "%s/%.*s", path, at, e->d_name);
    snprintf(f->around[0][1], 512, "%s", e->d_name + at + 64);
  }
  closedir(dir);
}

static int by_id(const void *a, const void *b) { return strcmp(((const struct found *)a)->id, ((const struct found *)b)->id); }

/*
 * Walks the first cgroup hierarchy that holds container directories (cgroup v2's, the unified one of a hybrid host,
 * else one of v1's). An id found twice is left out (it is read with the learnt layouts, the first that lists any).
 */
static void discover(struct discovery *d) {
  static const char *roots[][2] = {
      {"/sys/fs/cgroup", "/sys/fs/cgroup/cgroup.controllers"},
      {"/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified/cgroup.controllers"},
      {"/sys/fs/cgroup/pids", "/sys/fs/cgroup/pids/cgroup.procs"},
      {"/sys/fs/cgroup/memory", "/sys/fs/cgroup/memory/cgroup.procs"},
      {"/sys/fs/cgroup/systemd", "/sys/fs/cgroup/systemd/cgroup.procs"},
  };
  char path[512];
  for (size_t i = 0; i < sizeof roots / sizeof *roots && d->n == 0; i++) {
    if (access(roots[i][1], F_OK) != 0) continue;
    snprintf(path, sizeof path, "%s", roots[i][0]);
    walk(d, path, strlen(path), 1);
  }
  if (d->n == 0) return;
  qsort(d->all, d->n, sizeof *d->all, by_id);
  size_t kept = 0;
  for (size_t i = 0; i < d->n; i++) {
    int twice = (i > 0 && strcmp(d->all[i].id, d->all[i - 1].id) == 0) || (i + 1 < d->n && strcmp(d->all[i].id, d->all[i + 1].id) == 0);
    if (!twice) d->all[kept++] = d->all[i];
  }
  d->n = kept;
}

static struct found *found_id(struct discovery *d, const char *id) {
  struct found key;
  if (strlen(id) != 64) return NULL;
  memcpy(key.id, id, 65);
  return d->n ? bsearch(&key, d->all, d->n, sizeof *d->all, by_id) : NULL;
}

/*
 * The containers to read, taken one at a time by the threads; each answer goes to its own buffer, printed in order.
 * Pass 1 (processes, namespaces, hostname: what the describer needs) is printed as soon as every container has had
 * it, then "Y"; pass 2 (socket fds, the sandboxes' netns texts: for the probe) follows, read meanwhile.
 */
struct work {
  char (*around)[2][512];
  int n_around;
  char **ids;
  size_t n_ids, next, next2, done;
  char **text, **text2;
  size_t *len, *len2;
  long *main;
  /* Each container's pids (pass 1 read them; pass 2 reads their sockets). */
  long **pids;
  size_t *n_pids;
  char *ready;
  /* Where the discover mode found each container's cgroup (NULL without "D"). */
  struct discovery *early;
  pthread_mutex_t mu;
  pthread_cond_t cv;
};

static void *reader(void *arg) {
  struct work *w = arg;
  long *pids = malloc(MAX_PIDS * sizeof *pids);
  struct proc *procs = malloc(MAX_PIDS * sizeof *procs);
  for (size_t i; (i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n_ids;) {
    FILE *mem = pids && procs ? open_memstream(&w->text[i], &w->len[i]) : NULL;
    size_t m = 0;
    if (mem) {
      struct found *f = w->early ? found_id(w->early, w->ids[i] + 2) : NULL;
      w->main[i] = container(mem, f ? f->around : NULL, w->around, w->n_around, w->ids[i] + 2, w->ids[i][0] == 's', pids, procs, &m);
      fclose(mem);
    }
    if (w->main[i] > 0 && (w->pids[i] = malloc(m * sizeof(long)))) {
      for (size_t j = 0; j < m; j++) w->pids[i][j] = procs[j].pid;
      w->n_pids[i] = m;
    }
    pthread_mutex_lock(&w->mu);
    w->ready[i] = 1;
    w->done++;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
  }
  free(pids);
  free(procs);
  for (size_t i; (i = __atomic_fetch_add(&w->next2, 1, __ATOMIC_RELAXED)) < w->n_ids;) {
    /* Its pass 1 may still be under way in another thread: its pids are known once it is done. */
    pthread_mutex_lock(&w->mu);
    while (!w->ready[i]) pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
    FILE *mem = w->pids[i] ? open_memstream(&w->text2[i], &w->len2[i]) : NULL;
    if (mem) {
      probe_part(mem, w->ids[i] + 2, w->ids[i][0] == 's', w->main[i], w->pids[i], w->n_pids[i]);
      fclose(mem);
    }
    free(w->pids[i]);
  }
  return NULL;
}

/* Prints the buffers in order and frees them. */
static void print_all(FILE *out, char **text, size_t *len, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (text[i]) fwrite(text[i], 1, len[i], out);
    free(text[i]);
  }
}

/* Adds the discovered containers' cgroup layouts to the request's, for the containers it did not find (at most 8). */
static void learn_around(struct discovery *d, char (*around)[2][512], int *n_around) {
  for (size_t i = 0; i < d->n && *n_around < MAX_AROUND; i++) {
    int known = 0;
    for (int k = 0; k < *n_around && !known; k++) known = strcmp(around[k][0], d->all[i].around[0][0]) == 0 && strcmp(around[k][1], d->all[i].around[0][1]) == 0;
    if (!known) memcpy(around[(*n_around)++], d->all[i].around[0], sizeof around[0]);
  }
}

/* Reads the request and answers it; `discovering`: as if it began with "D" and "H". */
static int request(FILE *in, FILE *out, int discovering) {
  static char around[MAX_AROUND][2][512];
  int n_around = 0, host = discovering;
  struct discovery early = {0};
  int discovered = discovering;
  if (discovering) discover(&early);
  char *line = NULL;
  size_t cap = 0, total = 0;
  ssize_t n;
  char **ids = NULL;
  size_t n_ids = 0, cap_ids = 0;
  while ((n = getline(&line, &cap, in)) > 0 && (total += (size_t)n) <= MAX_REQUEST) {
    if (line[n - 1] == '\n') line[--n] = 0;
    char *tab = line[0] == 'G' && line[1] == ' ' ? strchr(line + 2, '\t') : NULL;
    if (tab && n_around < MAX_AROUND && (size_t)(tab - line - 2) < 512 && strlen(tab + 1) < 512) {
      *tab = 0;
      strcpy(around[n_around][0], line + 2);
      strcpy(around[n_around][1], tab + 1);
      n_around++;
    } else if (strcmp(line, "H") == 0) {
      host = 1;
    } else if (strcmp(line, ".") == 0) {
      /* The end of the request, before stdin's (which a writer may close only later). */
      break;
    } else if (strcmp(line, "D") == 0) {
      /* At once: the rest of the request comes later. */
      if (!discovered) discover(&early);
      discovered = 1;
    } else if ((line[0] == 's' || line[0] == 'a') && line[1] == ' ' && is_id(line + 2)) {
      if (n_ids == cap_ids) {
        char **grown = realloc(ids, (cap_ids = cap_ids ? cap_ids * 2 : 256) * sizeof *ids);
        if (!grown) return 1;
        ids = grown;
      }
      if (!(ids[n_ids++] = strdup(line))) return 1;
    } else {
      fprintf(stderr, "podlab-sockdiag: not a request line: %.80s\n", line);
      return 2;
    }
  }
  free(line);
  if (total > MAX_REQUEST) {
    fprintf(stderr, "podlab-sockdiag: the request is larger than %d bytes\n", MAX_REQUEST);
    return 2;
  }
  learn_around(&early, around, &n_around);
  struct work w = {.around = around, .n_around = n_around, .ids = ids, .n_ids = n_ids, .early = discovered ? &early : NULL};
  w.text = calloc(n_ids + 1, sizeof(char *)), w.text2 = calloc(n_ids + 1, sizeof(char *));
  w.len = calloc(n_ids + 1, sizeof(size_t)), w.len2 = calloc(n_ids + 1, sizeof(size_t));
  w.main = calloc(n_ids + 1, sizeof(long)), w.ready = calloc(n_ids + 1, 1);
  w.pids = calloc(n_ids + 1, sizeof(long *)), w.n_pids = calloc(n_ids + 1, sizeof(size_t));
  if (!w.text || !w.text2 || !w.len || !w.len2 || !w.main || !w.ready || !w.pids || !w.n_pids) return 1;
  pthread_mutex_init(&w.mu, NULL);
  pthread_cond_init(&w.cv, NULL);
  /* The threads enter the containers' netns; this one stays in the host's and lists its interfaces meanwhile. */
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int n_threads = n_ids < 32 ? 1 : cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
  pthread_t threads[MAX_THREADS];
  int started = 0;
  for (; started < n_threads; started++)
    if (pthread_create(&threads[started], NULL, reader, &w) != 0) break;
  char *host_links = NULL;
  size_t host_len = 0;
  if (host) {
    FILE *mem = open_memstream(&host_links, &host_len);
    int ok = mem && links(mem, NULL) == 0;
    if (mem && fclose(mem) != 0) ok = 0;
    if (!ok) {
      free(host_links);
      host_links = NULL;
    }
  }
  if (started == 0) reader(&w);
  pthread_mutex_lock(&w.mu);
  while (w.done < n_ids) pthread_cond_wait(&w.cv, &w.mu);
  pthread_mutex_unlock(&w.mu);
  fprintf(out, "@@podlab-dump 1\n");
  size_t len;
  char *uptime = slurp("/proc/uptime", &len), *stat = slurp("/proc/stat", &len);
  char *btime = stat ? strstr(stat, "\nbtime ") : NULL;
  if (uptime && btime) fprintf(out, "T %.*s %ld\n", (int)strcspn(uptime, " \n"), uptime, strtol(btime + 7, NULL, 10));
  free(uptime);
  free(stat);
  if (host_links) blob(out, "links", host_links, host_len);
  free(host_links);
  print_all(out, w.text, w.len, n_ids);
  fprintf(out, "Y\n");
  fflush(out);
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  print_all(out, w.text2, w.len2, n_ids);
  for (size_t i = 0; i < n_ids; i++) free(ids[i]);
  free(early.all);
  free(w.text);
  free(w.text2);
  free(w.len);
  free(w.len2);
  free(w.main);
  free(w.ready);
  free(w.pids);
  free(w.n_pids);
  free(ids);
  fprintf(out, "Z\n");
  return fflush(out) == 0 ? 0 : 1;
}

int proc_dump(FILE *in, FILE *out) { return request(in, out, 0); }

int proc_dump_discovering(FILE *in, FILE *out) { return request(in, out, 1); }
