/*
 * modbus-c-server.c -- a tiny, independent Modbus TCP server (peer) built on libmodbus 3.1.6
 * (Debian 12: apt-get install -y libmodbus-dev gcc pkg-config).
 *
 * build: gcc -O2 -Wall -o modbus-c-server modbus-c-server.c $(pkg-config --cflags --libs libmodbus)
 * run:   ./modbus-c-server [PORT [UNIT]]          (default port 1502, listens on 127.0.0.1 only)
 *          UNIT given  -> only that unit id is answered; any other unit id gets exception 0x0B
 *          UNIT absent -> every unit id 0..255 is answered from the same mapping (libmodbus TCP
 *                         default: it does not filter unit ids on TCP)
 * stop:  kill PID  (SIGTERM/SIGINT -> clean exit 0)
 *
 * Mapping (0-based PDU addresses):
 *   coils            0..7     writable, all 0 (coil 0 = 1)
 *   discrete inputs  0..7     input 1 = 1
 *   holding regs     0..19    (addresses >= 20 -> exception 0x02 ILLEGAL DATA ADDRESS, by libmodbus)
 *      0-1   float32 230.5 ABCD (high word first)     -> 0x4366 0x8000
 *      2-3   float32 230.5 CDAB (word-swapped)        -> 0x8000 0x4366
 *      4-5   uint32 energy counter [Wh], high word first, starts at 100000 and grows
 *            by 10 per second of uptime (refreshed before each reply)
 *      6     int16 -42 (0xFFD6)
 *      7     0x1234
 *      8-15  writable scratch registers, 0
 *      19    "trap": a valid read/write (FC03/06/16) that includes it -> exception 0x04
 *            SERVER DEVICE FAILURE (out-of-range or bad-count requests still get 0x02/0x03)
 *   input regs       1000..1199 (start address 1000! address 0 -> exception 0x02; 1006..1199 read 0,
 *                             so that a full 125-register block can be read)
 *      1000-1001 float32 50.0 ABCD (frequency)        -> 0x4248 0x0000
 *      1002-1003 float32 -1.5 ABCD                    -> 0xBFC0 0x0000
 *      1004-1005 float32 1234.5 BADC (byte-swapped)   -> 0x9A44 0x0050
 *
 * Up to 16 concurrent TCP clients (select loop). Prints "READY tcp 127.0.0.1:PORT" when listening.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include <modbus.h>

static volatile sig_atomic_t stop_flag = 0;
static void on_signal(int sig) { (void)sig; stop_flag = 1; }

/* Own float32 -> register helpers. Do NOT use libmodbus 3.1.6's modbus_set_float_abcd() & co:
 * on little-endian hosts they byte-swap (abcd puts 0x6643 0x0080 on the wire for 230.5, i.e.
 * BADC); see libmodbus issues #358 / #611, changed in 3.1.7 and again in 3.1.8 (#665).
 * tab_registers[] values are sent high byte first, so a register holds the 16-bit value as-is. */
static void put_f32(float f, uint16_t *dst, char order /* 'A'=ABCD 'C'=CDAB 'B'=BADC 'D'=DCBA */) {
    uint32_t u; memcpy(&u, &f, sizeof u);
    uint16_t hi = (uint16_t)(u >> 16), lo = (uint16_t)(u & 0xFFFF);
    uint16_t hs = (uint16_t)((hi >> 8) | (hi << 8)), ls = (uint16_t)((lo >> 8) | (lo << 8));
    switch (order) {
    case 'A': dst[0] = hi; dst[1] = lo; break;
    case 'C': dst[0] = lo; dst[1] = hi; break;
    case 'B': dst[0] = hs; dst[1] = ls; break;
    default:  dst[0] = ls; dst[1] = hs; break;
    }
}

static double now_s(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 1502;
    int only_unit = argc > 2 ? atoi(argv[2]) : -1;
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;                 /* no SA_RESTART: select() returns EINTR */
    sigaction(SIGTERM, &sa, NULL); sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    modbus_t *ctx = modbus_new_tcp("127.0.0.1", port);   /* bind address: loopback only */
    if (!ctx) { fprintf(stderr, "modbus_new_tcp: %s\n", modbus_strerror(errno)); return 1; }
    modbus_mapping_t *mb = modbus_mapping_new_start_address(
        0, 8,        /* coils */
        0, 8,        /* discrete inputs */
        0, 20,       /* holding registers */
        1000, 200);  /* input registers */
    if (!mb) { fprintf(stderr, "mapping: %s\n", modbus_strerror(errno)); return 1; }

    mb->tab_bits[0] = 1;
    mb->tab_input_bits[1] = 1;
    put_f32(230.5f, &mb->tab_registers[0], 'A');
    put_f32(230.5f, &mb->tab_registers[2], 'C');
    mb->tab_registers[6] = (uint16_t)(int16_t)-42;
    mb->tab_registers[7] = 0x1234;
    put_f32(50.0f, &mb->tab_input_registers[0], 'A');
    put_f32(-1.5f, &mb->tab_input_registers[2], 'A');
    put_f32(1234.5f, &mb->tab_input_registers[4], 'B');

    int server = modbus_tcp_listen(ctx, 16);
    if (server < 0) { fprintf(stderr, "listen 127.0.0.1:%d: %s\n", port, modbus_strerror(errno)); return 1; }
    printf("READY tcp 127.0.0.1:%d unit=%s libmodbus=%s\n", port,
           only_unit < 0 ? "any" : argv[2], LIBMODBUS_VERSION_STRING);

    const double t0 = now_s();
    uint8_t query[MODBUS_TCP_MAX_ADU_LENGTH];
    fd_set refset, rdset; FD_ZERO(&refset); FD_SET(server, &refset);
    int fdmax = server;

    while (!stop_flag) {
        rdset = refset;
        if (select(fdmax + 1, &rdset, NULL, NULL, NULL) < 0) {
            if (errno == EINTR) continue;
            perror("select"); break;
        }
        for (int fd = 0; fd <= fdmax; fd++) {
            if (!FD_ISSET(fd, &rdset)) continue;
            if (fd == server) {
                modbus_set_socket(ctx, server);
                int c = modbus_tcp_accept(ctx, &server);   /* sets ctx socket to new client */
                if (c >= 0) { FD_SET(c, &refset); if (c > fdmax) fdmax = c; }
                continue;
            }
            modbus_set_socket(ctx, fd);
            int rc = modbus_receive(ctx, query);
            if (rc > 0) {
                int hl = modbus_get_header_length(ctx);          /* 7 for TCP */
                int unit = query[hl - 1], fc = query[hl];
                int addr = (query[hl + 1] << 8) | query[hl + 2];
                int n = (fc == 0x05 || fc == 0x06) ? 1 : ((query[hl + 3] << 8) | query[hl + 4]);
                uint32_t wh = 100000u + (uint32_t)((now_s() - t0) * 10.0);
                mb->tab_registers[4] = (uint16_t)(wh >> 16);
                mb->tab_registers[5] = (uint16_t)(wh & 0xFFFF);
                if (only_unit >= 0 && unit != only_unit) {
                    modbus_reply_exception(ctx, query, MODBUS_EXCEPTION_GATEWAY_TARGET);
                } else if ((fc == 0x03 || fc == 0x06 || fc == 0x10) && n >= 1 && n <= 125 && addr <= 19 && addr + n == 20) {
                    modbus_reply_exception(ctx, query, MODBUS_EXCEPTION_SLAVE_OR_SERVER_FAILURE);
                } else {
                    modbus_reply(ctx, query, rc, mb);   /* out-of-map -> 0x02, bad count -> 0x03 */
                }
            } else if (rc == -1) {                      /* closed by peer, or a broken frame */
                close(fd); FD_CLR(fd, &refset);
                if (fd == fdmax) while (fdmax > server && !FD_ISSET(fdmax, &refset)) fdmax--;
            }                                           /* rc == 0: request ignored */
        }
    }
    for (int fd = 0; fd <= fdmax; fd++) if (FD_ISSET(fd, &refset)) close(fd);
    modbus_mapping_free(mb);
    modbus_free(ctx);
    fprintf(stderr, "modbus-c-server: stopped\n");
    return 0;
}
