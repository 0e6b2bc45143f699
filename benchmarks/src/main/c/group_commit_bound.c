// The disk's own ceiling for DprAppendBenchmark's shape, without Java: N threads, each appends a
// record (pwrite under a mutex, like DprWriter) and returns only once an fdatasync that started after
// its write has finished (leader-based group commit, like GroupSync). With GATHER_US > 0 the leader
// first waits, yielding, until every thread has a record pending or GATHER_US passed, so one
// fdatasync can carry all N records. Also prints the raw fdatasync latency of one thread.
//
//   gcc -O2 -pthread -o /tmp/group_commit_bound benchmarks/src/main/c/group_commit_bound.c
//   /tmp/group_commit_bound <file on the disk to measure> <threads> <record bytes> <seconds> [GATHER_US]
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fd, threads, size, gather_us;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long written, durable, syncs, total;
static int leading;
static off_t end;
static volatile int stop;

static double micros(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void *appender(void *unused) {
  char *record = malloc(size);
  memset(record, 'r', size);
  long mine = 0;
  while (!stop) {
    pthread_mutex_lock(&mu);
    if (pwrite(fd, record, size, end) != size) { perror("pwrite"); exit(1); }
    end += size;
    long seq = ++written;
    while (durable < seq) {
      if (!leading) {
        leading = 1;
        double start = micros();
        while (gather_us > 0 && written - durable < threads && micros() - start < gather_us) {
          pthread_mutex_unlock(&mu);
          sched_yield();
          pthread_mutex_lock(&mu);
        }
        long upto = written;
        pthread_mutex_unlock(&mu);
        fdatasync(fd);
        pthread_mutex_lock(&mu);
        durable = upto;
        syncs++;
        leading = 0;
        pthread_cond_broadcast(&cv);
      } else {
        pthread_cond_wait(&cv, &mu);
      }
    }
    pthread_mutex_unlock(&mu);
    mine++;
  }
  __sync_fetch_and_add(&total, mine);
  free(record);
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: %s file threads record-bytes seconds [gather-us]\n", argv[0]); return 2; }
  threads = atoi(argv[2]); size = atoi(argv[3]); int seconds = atoi(argv[4]);
  gather_us = argc > 5 ? atoi(argv[5]) : 0;
  fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) { perror(argv[1]); return 1; }
  // Zero-filled ahead like DprWriter's preallocation: written extents, so an fdatasync flushes data
  // only (fallocate's unwritten extents would make every fdatasync commit the journal as well).
  char *zeros = calloc(1, 1 << 20);
  for (int i = 0; i < 512; i++) {
    if (write(fd, zeros, 1 << 20) != 1 << 20) { perror("preallocate"); return 1; }
  }
  fsync(fd);
  free(zeros);
  // one thread, one record per fdatasync: the latency every synchronous caller waits for
  int n = 2000; double *lat = malloc(n * sizeof(double));
  char *one = calloc(1, threads * size);
  for (int i = 0; i < n; i++) {
    pwrite(fd, one, threads * size, (off_t)i * threads * size);
    double t = micros(); fdatasync(fd); lat[i] = micros() - t;
  }
  qsort(lat, n, sizeof(double), by_value);
  double sum = 0; for (int i = 0; i < n; i++) sum += lat[i];
  printf("fdatasync of %d bytes: mean %.0f us, p50 %.0f, p90 %.0f -> %d callers bounded by %.0f records/s\n",
      threads * size, sum / n, lat[n / 2], lat[n * 9 / 10], threads, threads * 1e6 / (sum / n));
  end = (off_t)n * threads * size;
  pthread_t t[256];
  for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, appender, NULL);
  sleep(seconds); stop = 1;
  for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
  printf("group commit, %d threads, %d-byte records, gather %d us: %.0f records/s, %.2f records per fdatasync, %.0f us per cycle\n",
      threads, size, gather_us, total / (double)seconds, written / (double)syncs, seconds * 1e6 / syncs);
  close(fd); unlink(argv[1]);
  return 0;
}
