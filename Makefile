# dondoc — GNU make, pkg-config. See README.md.
#
#   make          build/dondoc (the CLI)
#   make check    every test (cmocka unit tests, corpus bars)
#   make asan     the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench    benchmarks against named references
#   make fuzz     libFuzzer targets, a short run each
#   make install  honours PREFIX and DESTDIR

comma := ,
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc

PKGS     := glib-2.0 json-glib-1.0 poppler-glib libzip libxml-2.0 libetpan sqlite3 libsystemd gnutls tesseract lept
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
# libetpan's .pc carries Debian's link-time hardening specs and -z now,
# which make every start resolve all of Poppler's symbols: keep the
# libraries only, and link only those really used.
PKG_LIBS   := -Wl,--as-needed $(filter-out -specs=% -Wl$(comma)-z$(comma)now -Wl$(comma)-z$(comma)relro,$(shell pkg-config --libs $(PKGS)))
CMOCKA_LIBS := $(shell pkg-config --libs cmocka)

# CFLAGS is the user's (optimisation, sanitizers); DD_CFLAGS the project's.
CFLAGS  ?= -O2 -g
DD_CFLAGS := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wshadow \
           -Wstrict-prototypes -Wmissing-prototypes -I. $(PKG_CFLAGS) \
           -DDONDOC_DATADIR='"$(PREFIX)/share/dondoc"'
LDLIBS  += $(PKG_LIBS) -lm

# Library sources: every .c of parsers/ and rules/ (override SRCS to build a subset
# while another module is half-written).
SRCS    ?= $(wildcard parsers/*.c rules/*.c) rules/holidays_data.S
OBJS    := $(patsubst %.S,$(BUILD)/obj/%.o,$(SRCS:%.c=$(BUILD)/obj/%.o))
LIB     := $(BUILD)/libdondoc.a

# daemon/: the two programs' mains, and the daemon library (store, config,
# inbox, ingestion, outbox, CLI commands) both programs and the tests link.
MAINS    := daemon/dondoc.c daemon/dondocd.c
DLIB_SRCS := $(filter-out $(MAINS),$(wildcard daemon/*.c))
DLIB_OBJS := $(DLIB_SRCS:%.c=$(BUILD)/obj/%.o)
DLIB     := $(BUILD)/libdondocd.a

TEST_SRCS := $(wildcard tests/test_*.c)
TESTS     := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)

.PHONY: all check asan bench fuzz install clean run
# keep the test objects: they are not throw-away intermediates
.SECONDARY:
PROGRAMS := $(BUILD)/dondoc $(if $(wildcard daemon/dondocd.c),$(BUILD)/dondocd)
all: $(PROGRAMS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(DD_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# data/holidays.txt is compiled into the library (rules/holidays_data.S).
$(BUILD)/obj/rules/holidays_data.o: rules/holidays_data.S data/holidays.txt
	@mkdir -p $(dir $@)
	$(CC) -c -o $@ $<

$(LIB): $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(DLIB): $(DLIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/dondoc $(BUILD)/dondocd: $(BUILD)/%: $(BUILD)/obj/daemon/%.o $(DLIB) $(LIB)
	$(CC) $(DD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(DLIB) $(LIB) $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/%.o $(DLIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(DD_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(DLIB) $(LIB) $(LDLIBS) $(CMOCKA_LIBS)

check: $(TESTS) $(PROGRAMS)
	@BUILD=$(BUILD) sh tests/run.sh $(TESTS)

asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" check

bench: $(BUILD)/dondoc
	@sh bench/bench.sh $(BUILD)

FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SECONDS ?= 20
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libdondoc.a
	@set -e; for f in $(FUZZ_SRCS); do \
	  n=$$(basename $$f .c); \
	  clang -std=c17 -D_GNU_SOURCE -O1 -g -I. $(PKG_CFLAGS) -fsanitize=fuzzer,address,undefined \
	    -o build-fuzz/$$n $$f build-fuzz/libdondoc.a $(LDLIBS); \
	  mkdir -p build-fuzz/corpus-$$n; \
	  seeds=tests/fuzz/seeds/$${n#fuzz_}; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  ./build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=1048576 \
	    build-fuzz/corpus-$$n $$( [ -d $$seeds ] && echo $$seeds ) 2>build-fuzz/$$n.log \
	    || { tail -50 build-fuzz/$$n.log; exit 1; }; \
	  tail -1 build-fuzz/$$n.log; \
	done

# The systemd files go to systemd's unit directory (or $(PREFIX)/lib/systemd/system);
# the unit's ExecStart is rewritten for PREFIX.
SYSTEMD_UNITDIR ?= $(or $(shell pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null),$(PREFIX)/lib/systemd/system)
SYSUSERSDIR ?= $(or $(shell pkg-config --variable=sysusersdir systemd 2>/dev/null),$(PREFIX)/lib/sysusers.d)
TMPFILESDIR ?= $(or $(shell pkg-config --variable=tmpfilesdir systemd 2>/dev/null),$(PREFIX)/lib/tmpfiles.d)
install: $(PROGRAMS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dondoc
	install -m 755 $(BUILD)/dondoc $(DESTDIR)$(PREFIX)/bin/dondoc
	install -m 644 data/holidays.txt $(DESTDIR)$(PREFIX)/share/dondoc/holidays.txt
	install -m 644 data/units.csv $(DESTDIR)$(PREFIX)/share/dondoc/units.csv
	if [ -e $(BUILD)/dondocd ]; then \
	  install -m 755 $(BUILD)/dondocd $(DESTDIR)$(PREFIX)/bin/dondocd && \
	  install -m 644 data/dondoc.conf $(DESTDIR)$(PREFIX)/share/dondoc/dondoc.conf.example && \
	  install -d $(DESTDIR)$(SYSTEMD_UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) && \
	  sed 's|/usr/local/|$(PREFIX)/|g' systemd/dondocd.service >$(DESTDIR)$(SYSTEMD_UNITDIR)/dondocd.service && \
	  chmod 644 $(DESTDIR)$(SYSTEMD_UNITDIR)/dondocd.service && \
	  install -m 644 systemd/dondoc.sysusers $(DESTDIR)$(SYSUSERSDIR)/dondoc.conf && \
	  install -m 644 systemd/dondoc.tmpfiles $(DESTDIR)$(TMPFILESDIR)/dondoc.conf; \
	fi

run:
	@sh scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BUILD)

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
