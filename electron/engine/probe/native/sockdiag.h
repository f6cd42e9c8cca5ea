/* What sockdiag.c and procdump.c share: the netlink dumps, entering a netns, and the --dump mode's entry. */
#ifndef PODLAB_SOCKDIAG_H
#define PODLAB_SOCKDIAG_H
#include <stdio.h>

/* The netns's LISTEN TCP rows of one family (AF_INET, AF_INET6) in /proc/net/tcp's format, after `head` unless NULL. 0 or -errno. */
int dump(FILE *out, const char *head, int family);
/* The netns's interfaces, one row each (sockdiag.c's header says the format), after `head` unless NULL. 0 or -errno. */
int links(FILE *out, const char *head);
/* setns into /proc/PID/ns/net. 0, or -1 with errno. */
int enter_netns(long pid);
/* The --dump mode: reads the request from `in`, writes the dump to `out`. Its exit code. */
int proc_dump(FILE *in, FILE *out);
/* The same, as if the request began with "D" and "H" (the discover mode, started at once). */
int proc_dump_discovering(FILE *in, FILE *out);
/* --early-dump [--listing SOCKET]: forks the discovering helper (and asks the engine for its listing), then execs
 * `command` (early.c). Returns only when exec failed. */
int early_dump(char **command);
#endif
