/* log.h — kernel log lines: "[   0.012345 h2 I] text", with a level and the hart that said it. */
#ifndef BATON_DEBUG_LOG_H
#define BATON_DEBUG_LOG_H

#include <stdint.h>

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

/* Lines above this level are dropped (boot option loglevel=0..3). */
extern enum log_level log_threshold;

/* Until this is called, timestamps read 0. */
void log_set_timebase(uint64_t hz);

void klog(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text as is, no prefix: test result lines and panic reports. */
void kprint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define log_error(...) klog(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)  klog(LOG_WARN, __VA_ARGS__)
#define log_info(...)  klog(LOG_INFO, __VA_ARGS__)
#define log_debug(...) klog(LOG_DEBUG, __VA_ARGS__)

#endif
