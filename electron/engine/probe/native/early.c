/*
 * podlab-sockdiag --early-dump COMMAND [ARG]...: bin/podlab's start of `ls` and `snapshot`. It forks the dump helper in
 * its discover mode (procdump.c, "D" and "H") and then becomes COMMAND (Node running podlab) by exec, so the helper
 * finds where the containers' cgroups are while Node starts, and reads them as soon as Node names the listed ones: no
 * container is inspected to learn the layout, and Node spawns nothing. Why the fork is here and not in Node: a fork of
 * the ~40 MB Node process costs it ~6 ms here (page tables, then a copy-on-write fault on each page it writes), a fork
 * of this small process almost nothing.
 *
 * Node finds the helper in PODLAB_EARLY_DUMP="<helper pid> <request fd> <answer fd>" (probe/dumprun.ts): it writes the
 * rest of the request (the listed containers, then ".") to the request pipe and reads the answer from the other. The
 * helper ends when Node closes the request pipe, or exits: it is sent SIGKILL when the process that started it ends
 * (a command that never takes it leaves nothing behind). Not root (no setns): COMMAND is simply exec'd.
 *
 * With --listing SOCKET before COMMAND it also asks the engine on that unix socket for its container listing and its
 * bridge networks, the requests Node would send once it has started (~25 ms later here: at 100 pods dockerd then took
 * ~30 ms more to answer the listing, all of it on the command's path; and the networks were the command's only request
 * through Node's HTTP client, whose first use costs ~5 ms). Node reads each answer from the connection it finds in
 * PODLAB_EARLY_LISTING / PODLAB_EARLY_NETWORKS="<pid> <fd> <socket>" (runtime/docker/early.ts): <pid> is this
 * process's, which exec keeps, so a variable inherited from another podlab is never taken for this one's. A socket that
 * cannot be reached at once is simply not asked.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sockdiag.h"

/* Connects to the engine's socket and sends one request; the connection, or -1 (nothing asked). */
static int ask_engine(const char *path, const char *request) {
  struct sockaddr_un at = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof at.sun_path) return -1;
  memcpy(at.sun_path, path, strlen(path) + 1);
  /* Non-blocking: an engine whose backlog is full is not waited for here (Node asks it then, with its own timeout). */
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  size_t n = strlen(request);
  if (connect(fd, (struct sockaddr *)&at, sizeof at) != 0 || write(fd, request, n) != (ssize_t)n) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Asks one request and names its connection in the variable for Node (or unsets it: nothing asked). */
static void ask_for_node(const char *variable, const char *path, const char *request) {
  int fd = ask_engine(path, request);
  if (fd < 0) {
    unsetenv(variable);
    return;
  }
  char value[4200];
  snprintf(value, sizeof value, "%d %d %s", (int)getpid(), fd, path);
  setenv(variable, value, 1);
}

int early_dump(char **command) {
  const char *listing = NULL;
  if (command[0] && strcmp(command[0], "--listing") == 0 && command[1]) listing = command[1], command += 2;
  if (!command[0]) return 2;
  int req[2] = {-1, -1}, ans[2] = {-1, -1};
  pid_t parent = getpid();
  pid_t pid = -1;
  if (getuid() == 0 && pipe(req) == 0 && pipe(ans) == 0) pid = fork();
  if (pid == 0) {
    /* The helper: it must hold none of the command's stdio open (a caller waits for those to close). */
    int null = open("/dev/null", O_RDWR);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent || null < 0) _exit(1);
    dup2(null, 0), dup2(null, 1), dup2(null, 2);
    close(req[1]), close(ans[0]);
    FILE *in = fdopen(req[0], "r"), *out = fdopen(ans[1], "w");
    _exit(in && out ? proc_dump_discovering(in, out) : 1);
  }
  if (pid > 0) {
    close(req[0]), close(ans[1]);
    /* Node's ends stay open across exec (Node closes them once it has used them, or at once when it does not). */
    char value[64];
    snprintf(value, sizeof value, "%d %d %d", (int)pid, req[1], ans[0]);
    setenv("PODLAB_EARLY_DUMP", value, 1);
  } else {
    for (int i = 0; i < 2; i++) {
      if (req[i] >= 0) close(req[i]);
      if (ans[i] >= 0) close(ans[i]);
    }
  }
  /* After the fork: the helper must not hold the engine's connections. What dockerode asks for the same answers. */
  if (listing) {
    ask_for_node("PODLAB_EARLY_LISTING", listing, "GET /containers/json?all=true HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    ask_for_node("PODLAB_EARLY_NETWORKS", listing, "GET /networks?filters=%7B%22driver%22%3A%5B%22bridge%22%5D%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  } else {
    unsetenv("PODLAB_EARLY_LISTING");
    unsetenv("PODLAB_EARLY_NETWORKS");
  }
  execvp(command[0], command);
  fprintf(stderr, "podlab: cannot run %s: ", command[0]);
  perror(NULL);
  return 127;
}
