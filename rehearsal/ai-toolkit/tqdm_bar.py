"""tqdm-compatible progress bar on stderr: the default format, the non-TTY 10-cell bar, an EMA rate
with smoothing 0.7, redrawn with \\r."""
import sys
import time

BAR_CHARS = " " + "".join(chr(c) for c in range(0x258F, 0x2587, -1))


def fmt_interval(t):
    mins, s = divmod(int(t), 60)
    h, m = divmod(mins, 60)
    if h:
        return "%d:%02d:%02d" % (h, m, s)
    return "%02d:%02d" % (m, s)


class Ema:
    def __init__(self, alpha):
        self.alpha, self.last, self.calls = alpha, 0.0, 0

    def __call__(self, x=None):
        beta = 1 - self.alpha
        if x is not None:
            self.last = self.alpha * x + beta * self.last
            self.calls += 1
        return self.last / (1 - beta ** self.calls) if self.calls else self.last


class Bar:
    def __init__(self, total, desc=None, initial=0, smoothing=0.7, mininterval=0.1, leave=True, position=0):
        self.total, self.desc, self.n, self.initial = total, desc, initial, initial
        self.postfix = None
        self.start_t = self.last_print_t = time.time()
        self.last_print_n = initial
        self.mininterval = mininterval
        self.ema_dn, self.ema_dt = Ema(smoothing), Ema(smoothing)
        self.last_len = 0
        self.paused = False
        self.paused_time = 0.0
        self.leave = leave
        # a bar below another open one: tqdm moves down to its line and back up (ESC[A) on every draw
        self.position = position
        self.refresh()

    def rate(self):
        dt = self.ema_dt()
        return self.ema_dn() / dt if dt else None

    def line(self):
        elapsed = (self.paused_time if self.paused else time.time()) - self.start_t
        frac = self.n / self.total if self.total else 0
        nsyms = len(BAR_CHARS) - 1
        full, part = divmod(int(frac * 10 * nsyms), nsyms)
        bar = BAR_CHARS[-1] * full
        if full < 10:
            bar = bar + BAR_CHARS[part] + BAR_CHARS[0] * (10 - full - 1)
        rate = self.rate()
        if rate:
            inv = 1 / rate
            rate_fmt = ("%5.2fs/it" % inv) if inv > 1 else ("%5.2fit/s" % rate)
            remaining = fmt_interval((self.total - self.n) / rate)
        else:
            rate_fmt, remaining = "?it/s", "?"
        postfix = ", " + self.postfix if self.postfix else ""
        prefix = (self.desc + ": ") if self.desc else ""
        return "%s%3.0f%%|%s| %d/%d [%s<%s, %s%s]" % (
            prefix, frac * 100, bar, self.n, self.total, fmt_interval(elapsed), remaining, rate_fmt, postfix)

    def refresh(self):
        s = self.line()
        self.draw(s + " " * max(self.last_len - len(s), 0))
        self.last_len = len(s)

    def draw(self, text):
        down, up = "\n" * self.position, "\x1b[A" * self.position
        sys.stderr.write(down + "\r" + text + up)
        sys.stderr.flush()

    def set_postfix_str(self, s):
        self.postfix = s
        self.refresh()

    def update(self, dn=1):
        if self.paused:
            return
        self.n += dn
        now = time.time()
        dt = now - self.last_print_t
        if dt >= self.mininterval:
            self.ema_dn(self.n - self.last_print_n)
            self.ema_dt(dt)
            self.refresh()
            self.last_print_n, self.last_print_t = self.n, now

    def pause(self):
        self.paused = True
        self.paused_time = time.time()

    def unpause(self):
        if self.paused:
            gap = time.time() - self.paused_time
            self.start_t += gap
            self.last_print_t += gap
        self.paused = False

    def close(self):
        self.unpause()
        if self.leave:
            self.refresh()
            sys.stderr.write("\n")
            sys.stderr.flush()
        else:
            # leave=False: the bar's line is blanked and the cursor goes back where it was
            self.draw(" " * self.last_len + "\r")


def quick_bar(total, desc, seconds_each, work=None, leave=True, position=0):
    bar = Bar(total, desc=desc, mininterval=0, leave=leave, position=position)
    for i in range(total):
        time.sleep(seconds_each)
        if work:
            work(i)
        bar.update(1)
    bar.close()
