/*
 * Runs an AVR firmware (ELF) on simavr with its UART0 bridged to a pseudo-terminal, to cross-check the avr8js
 * emulation with an independent simulator. Built and driven by simavr-harness.ts.
 *
 * usage: uart-pty-harness <firmware.elf> [mcu] [frequency-hz]
 *   prints "pty /dev/pts/N" on stdout, then waits for one line on stdin before starting the CPU, so the caller
 *   can open the pty first (simavr drops UART output written while nobody has the pty open). Closing stdin
 *   stops the simulation. The symlink uart_pty makes (/tmp/simavr-uart0) is not used: parallel runs share it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_avr.h"
#include "sim_elf.h"
#include "uart_pty.h"

static uart_pty_t uart_pty;
static volatile int keep_running = 1;

/* Stops the simulation when the controlling process closes our stdin (or dies). */
static void *watch_stdin(void *unused) {
  (void)unused;
  char buffer[64];
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
  }
  keep_running = 0;
  return NULL;
}

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <firmware.elf> [mcu] [frequency-hz]\n", argv[0]);
    return 2;
  }
  const char *mcu = argc > 2 ? argv[2] : "atmega328p";
  unsigned long frequency = argc > 3 ? strtoul(argv[3], NULL, 10) : 16000000UL;

  elf_firmware_t firmware;
  memset(&firmware, 0, sizeof firmware);
  if (elf_read_firmware(argv[1], &firmware) != 0) {
    fprintf(stderr, "cannot read firmware %s\n", argv[1]);
    return 1;
  }
  strncpy(firmware.mmcu, mcu, sizeof firmware.mmcu - 1);
  firmware.frequency = frequency;

  avr_t *avr = avr_make_mcu_by_name(firmware.mmcu);
  if (!avr) {
    fprintf(stderr, "unknown mcu %s\n", firmware.mmcu);
    return 1;
  }
  avr_init(avr);
  avr_load_firmware(avr, &firmware);
  avr->log = LOG_ERROR;

  uart_pty_init(avr, &uart_pty);
  uart_pty_connect(&uart_pty, '0');
  printf("pty %s\n", uart_pty.port[0].slavename);
  fflush(stdout);

  char go[16];
  if (!fgets(go, sizeof go, stdin)) return 0;
  pthread_t watcher;
  pthread_create(&watcher, NULL, watch_stdin, NULL);

  int state = cpu_Running;
  while (keep_running && state != cpu_Done && state != cpu_Crashed) state = avr_run(avr);
  /* No uart_pty_stop(): it stops its thread with SIGINT, which would end this process with a signal. Exiting
     closes the pty just as well. */
  if (state == cpu_Crashed) fprintf(stderr, "firmware crashed\n");
  fflush(stderr);
  _exit(state == cpu_Crashed ? 3 : 0);
}
