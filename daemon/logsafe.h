/*
 * logsafe.h — text from mail or documents made safe for the log.
 *
 * Every string that comes from a message (subjects, addresses, Message-IDs,
 * reasons quoting a file name) goes through log_sanitize() before it is
 * logged: control characters escaped, invalid UTF-8 replaced, length capped,
 * so that a crafted header cannot forge log lines or flood the journal.
 */
#ifndef DONDOC_DAEMON_LOGSAFE_H
#define DONDOC_DAEMON_LOGSAFE_H

#define LOG_SANITIZE_MAX 300   /* characters kept */

/* A newly allocated safe copy of `s` ("" for NULL). */
char *log_sanitize(const char *s);

#endif
