/*
 * Test-only LD_PRELOAD shim for pcscd: sets TCP_NODELAY on every accepted TCP socket. vpcd (a
 * pcscd driver) writes each message's length and payload in two writes; with Nagle on its
 * socket and delayed ACKs on the card side, every APDU waits about 40 ms on loopback. Compiled
 * by test/services/pcscd.start.sh into $TMPDIR; never built into or shipped with the station.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void nodelay(int fd) {
  if (fd >= 0) {
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); /* fails harmlessly on Unix sockets */
  }
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  int client = real(fd, addr, len);
  nodelay(client);
  return client;
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  int client = real(fd, addr, len, flags);
  nodelay(client);
  return client;
}
