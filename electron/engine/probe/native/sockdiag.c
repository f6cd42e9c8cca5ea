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
 * arguments are wrong. Built by scripts/build-cli.mjs when a C compiler exists; podlab falls back to /proc without it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TCP_LISTEN_STATE 10

static int dump(int pid, int family) {
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return -errno;
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
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, &msg, sizeof msg, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
    int e = errno;
    close(fd);
    return -e;
  }
  printf("@@ %d %s\n", pid, family == AF_INET ? "tcp" : "tcp6");
  static char buf[64 * 1024];
  int sl = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return -e;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        close(fd);
        return 0;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        close(fd);
        return -EPROTO;
      }
      struct inet_diag_msg *m = NLMSG_DATA(h);
      unsigned lport = ntohs(m->id.idiag_sport), rport = ntohs(m->id.idiag_dport);
      /* Addresses as /proc prints them: each 32-bit word as the host reads it, %08X. */
      if (family == AF_INET) {
        printf("%4d: %08X:%04X %08X:%04X %02X 00000000:00000000 00:00000000 00000000 %5u 0 %u\n", sl++, m->id.idiag_src[0], lport,
               m->id.idiag_dst[0], rport, m->idiag_state, m->idiag_uid, m->idiag_inode);
      } else {
        const __be32 *s = m->id.idiag_src, *d = m->id.idiag_dst;
        printf("%4d: %08X%08X%08X%08X:%04X %08X%08X%08X%08X:%04X %02X 00000000:00000000 00:00000000 00000000 %5u 0 %u\n", sl++, s[0], s[1],
               s[2], s[3], lport, d[0], d[1], d[2], d[3], rport, m->idiag_state, m->idiag_uid, m->idiag_inode);
      }
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: podlab-sockdiag PID...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end || pid <= 0 || pid > 0x7fffffff) {
      fprintf(stderr, "podlab-sockdiag: not a pid: %s\n", argv[i]);
      return 2;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/ns/net", pid);
    int ns = open(path, O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
      printf("@@ %ld error %s\n", pid, strerror(errno));
      if (ns >= 0) close(ns);
      continue;
    }
    close(ns);
    int r = dump((int)pid, AF_INET);
    if (r < 0) printf("@@ %ld error %s\n", pid, strerror(-r));
    /* A netns without IPv6 has no tcp6 table either (/proc/<pid>/net/tcp6 is absent then): nothing to list. */
    else dump((int)pid, AF_INET6);
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
