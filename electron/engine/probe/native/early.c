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
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sockdiag.h"

int early_dump(char **command) {
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
  execvp(command[0], command);
  fprintf(stderr, "podlab: cannot run %s: ", command[0]);
  perror(NULL);
  return 127;
}
