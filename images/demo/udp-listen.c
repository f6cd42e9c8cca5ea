/* A tiny UDP listener for podlab's offline demo image (busybox-static has none):
 * udp-listen PORT binds 0.0.0.0:PORT/udp and echoes each datagram back. Exits 1 if the bind fails. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_stop(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: udp-listen PORT\n"); return 2; }
  int port = atoi(argv[1]);
  if (port < 1 || port > 65535) { fprintf(stderr, "udp-listen: bad port %s\n", argv[1]); return 2; }
  signal(SIGTERM, on_stop);
  signal(SIGINT, on_stop);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("udp-listen: socket"); return 1; }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    fprintf(stderr, "udp-listen: bind: %s\n", strerror(errno));
    return 1;
  }
  printf("udp-listen: listening on 0.0.0.0:%d/udp\n", port);
  fflush(stdout);
  char buf[2048];
  for (;;) {
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
    if (n < 0) { if (errno == EINTR) continue; perror("udp-listen: recvfrom"); return 1; }
    sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
  }
}
