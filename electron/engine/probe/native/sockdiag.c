/*
 * podlab-sockdiag: the LISTEN TCP sockets of many network namespaces, in one process, through netlink sock_diag.
 *
 * Why: every read of /proc/<pid>/net/tcp or tcp6 walks the kernel's whole established-socket hash (global, sized by
 * memory: ~5 ms per file here), once per netns. A sock_diag dump asking only for TCP_LISTEN walks the listening hash
 * and skips the established one, so a netns costs well under a millisecond.
 *
 * Usage: podlab-sockdiag PID...   For each pid it enters /proc/PID/ns/net (setns: needs CAP_SYS_ADMIN, like the direct
 * probe's reads need root) and prints
 *     @@ PID tcp|tcp6
 *     <the LISTEN rows, in /proc/net/tcp's own format: sl local rem st tx:rx tr:tm retrnsmt uid timeout inode>
 * or "@@ PID error <what>" when that netns cannot be read (the caller then reads /proc for that pid). Exit 0 unless the
 * arguments are wrong.
 *
 * With --links first, each netns's interfaces follow its sockets (an RTM_GETLINK dump: one request instead of six
 * sysfs reads an interface), and with --host the host's come first, read before any setns, as pid 0:
 *     @@ PID links
 *     <ifindex> <iflink> <mtu> <operstate number> <master ifindex, 0 for none> <MAC as sysfs prints it, - for none> <name>
 *
 * With --dump it reads a request on stdin and prints, in one run, every /proc fact podlab's model build needs of the
 * running containers it names (procdump.c says what and why). Built by scripts/build-native.mjs when a C compiler
 * exists; podlab falls back to /proc without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sockdiag.h"

#define TCP_LISTEN_STATE 10

/*
 * Sends one netlink dump request and calls `row` for each answer until the kernel says it is done. The "@@" head line
 * is printed once the request is accepted. Returns 0, or -errno.
 */
static int netlink_dump(int protocol, void *req, size_t len, FILE *out, const char *head, void (*row)(const struct nlmsghdr *, void *), void *ctx) {
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, protocol);
  if (fd < 0) return -errno;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, req, len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
    int e = errno;
    close(fd);
    return -e;
  }
  if (head) fprintf(out, "%s\n", head);
  static __thread char buf[64 * 1024]; /* per thread: --dump reads netns side by side */
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return -e;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
        close(fd);
        return h->nlmsg_type == NLMSG_DONE ? 0 : -EPROTO;
      }
      row(h, ctx);
    }
  }
}

struct socket_rows {
  FILE *out;
  int family;
  int sl;
};

/* One LISTEN socket as /proc/net/tcp{,6} prints it: each 32-bit address word as the host reads it, %08X. */
static void socket_row(const struct nlmsghdr *h, void *ctx) {
  struct socket_rows *t = ctx;
  const struct inet_diag_msg *m = NLMSG_DATA(h);
  unsigned lport = ntohs(m->id.idiag_sport), rport = ntohs(m->id.idiag_dport);
  if (t->family == AF_INET) {
    fprintf(t->out, "%4d: %08X:%04X %08X:%04X %02X 00000000:00000000 00:00000000 00000000 %5u 0 %u\n", t->sl++, m->id.idiag_src[0], lport,
           m->id.idiag_dst[0], rport, m->idiag_state, m->idiag_uid, m->idiag_inode);
  } else {
    const __be32 *s = m->id.idiag_src, *d = m->id.idiag_dst;
    fprintf(t->out, "%4d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X %02X 00000000:00000000 00:00000000 00000000 %5u 0 %u\n", t->sl++, s[0], s[1],
           s[2], s[3], lport, d[0], d[1], d[2], d[3], rport, m->idiag_state, m->idiag_uid, m->idiag_inode);
  }
}

/* Writes the netns's LISTEN rows of one family to `out`, after `head` unless it is NULL. */
int dump(FILE *out, const char *head, int family) {
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 req;
  } msg;
  memset(&msg, 0, sizeof msg);
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = (unsigned char)family;
  msg.req.sdiag_protocol = IPPROTO_TCP;
  msg.req.idiag_states = 1u << TCP_LISTEN_STATE; /* LISTEN only: the established hash is never walked */
  struct socket_rows t = {out, family, 0};
  return netlink_dump(NETLINK_SOCK_DIAG, &msg, sizeof msg, out, head, socket_row, &t);
}

/* One interface: ifindex, iflink, MTU, operstate, master, MAC as sysfs prints it (- for none), name. */
static void link_row(const struct nlmsghdr *h, void *ctx) {
  FILE *out = ctx;
  if (h->nlmsg_type != RTM_NEWLINK) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  const char *name = NULL;
  unsigned iflink = (unsigned)ifi->ifi_index, mtu = 0, master = 0, oper = 0;
  const unsigned char *mac = NULL;
  int maclen = 0;
  int len = (int)IFLA_PAYLOAD(h);
  for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    switch (a->rta_type) {
    case IFLA_IFNAME: name = RTA_DATA(a); break;
    /* Present only when it differs from ifindex (a veth's peer): sysfs's iflink is ifindex otherwise. */
    case IFLA_LINK: iflink = *(const unsigned *)RTA_DATA(a); break;
    case IFLA_MTU: mtu = *(const unsigned *)RTA_DATA(a); break;
    case IFLA_MASTER: master = *(const unsigned *)RTA_DATA(a); break;
    case IFLA_OPERSTATE: oper = *(const unsigned char *)RTA_DATA(a); break;
    case IFLA_ADDRESS: mac = RTA_DATA(a); maclen = (int)RTA_PAYLOAD(a); break;
    }
  }
  if (!name) return;
  fprintf(out, "%d %u %u %u %u ", ifi->ifi_index, iflink, mtu, oper, master);
  if (maclen <= 0) fprintf(out, "-");
  for (int i = 0; i < maclen; i++) fprintf(out, i ? ":%02x" : "%02x", mac[i]);
  fprintf(out, " %s\n", name);
}

/* The netns's interfaces, one line each (see the header). */
int links(FILE *out, const char *head) {
  /* RTEXT_FILTER_SKIP_STATS: the kernel leaves out each interface's counters (most of a message; podlab reads none). */
  struct {
    struct nlmsghdr nlh;
    struct ifinfomsg ifm;
    struct rtattr ext;
    __u32 mask;
  } msg;
  memset(&msg, 0, sizeof msg);
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = RTM_GETLINK;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.ifm.ifi_family = AF_UNSPEC;
  msg.ext.rta_type = IFLA_EXT_MASK;
  msg.ext.rta_len = RTA_LENGTH(sizeof msg.mask);
  msg.mask = RTEXT_FILTER_SKIP_STATS;
  return netlink_dump(NETLINK_ROUTE, &msg, sizeof msg, out, head, link_row, out);
}

/* Enters the netns of a pid (setns: needs CAP_SYS_ADMIN). Returns 0, or -1 with errno set. */
int enter_netns(long pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
  int ns = open(path, O_RDONLY | O_CLOEXEC);
  if (ns < 0) return -1;
  int r = setns(ns, CLONE_NEWNET);
  int e = errno;
  close(ns);
  errno = e;
  return r;
}

int main(int argc, char **argv) {
  int first = 1, withLinks = 0;
  if (argc == 2 && strcmp(argv[1], "--dump") == 0) return proc_dump(stdin, stdout);
  if (argc > 2 && strcmp(argv[1], "--early-dump") == 0) return early_dump(argv + 2);
  if (first < argc && strcmp(argv[first], "--links") == 0) withLinks = 1, first++;
  if (withLinks && first < argc && strcmp(argv[first], "--host") == 0) {
    first++;
    int r = links(stdout, "@@ 0 links");
    if (r < 0) printf("@@ 0 error %s\n", strerror(-r));
  }
  if (argc < 2) {
    fprintf(stderr, "usage: podlab-sockdiag [--links [--host]] PID...  |  podlab-sockdiag --dump < request  |  podlab-sockdiag --early-dump COMMAND...\n");
    return 2;
  }
  for (int i = first; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end || pid <= 0 || pid > 0x7fffffff) {
      fprintf(stderr, "podlab-sockdiag: not a pid: %s\n", argv[i]);
      return 2;
    }
    if (enter_netns(pid) < 0) {
      printf("@@ %ld error %s\n", pid, strerror(errno));
      continue;
    }
    char head[64];
    snprintf(head, sizeof head, "@@ %ld tcp", pid);
    int r = dump(stdout, head, AF_INET);
    if (r < 0) printf("@@ %ld error %s\n", pid, strerror(-r));
    /* A netns without IPv6 has no tcp6 table either (/proc/<pid>/net/tcp6 is absent then): nothing to list. */
    else {
      snprintf(head, sizeof head, "@@ %ld tcp6", pid);
      dump(stdout, head, AF_INET6);
      snprintf(head, sizeof head, "@@ %ld links", pid);
      if (withLinks && (r = links(stdout, head)) < 0) printf("@@ %ld error %s\n", pid, strerror(-r));
    }
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
