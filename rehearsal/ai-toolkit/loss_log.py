"""ai-toolkit's UI logger database, loss_log.db (with logging.use_ui_logger: true)."""
import sqlite3
import time


class LossLog:
    """loss_log.db with the schema of logging_aitk.py:217-250 (reference §2)."""

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS steps(step INTEGER PRIMARY KEY, wall_time REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS metric_keys(key TEXT PRIMARY KEY, first_seen_step INTEGER, last_seen_step INTEGER);
            CREATE TABLE IF NOT EXISTS metrics(step INTEGER NOT NULL, key TEXT NOT NULL, value_real REAL, value_text TEXT,
                PRIMARY KEY(step,key), FOREIGN KEY(step) REFERENCES steps(step) ON DELETE CASCADE);
            CREATE INDEX IF NOT EXISTS idx_metrics_key_step ON metrics(key, step);
            """
        )
        self.db.execute("PRAGMA foreign_keys=ON")
        self.pruned = False

    def log(self, step, values):
        if not self.pruned:
            # _prune_future_steps on the first commit of every run
            self.db.execute("DELETE FROM metrics WHERE step > ?", (step,))
            self.db.execute("DELETE FROM steps WHERE step > ?", (step,))
            self.pruned = True
        self.db.execute("INSERT OR REPLACE INTO steps(step, wall_time) VALUES (?, ?)", (step, time.time()))
        for k, v in values.items():
            self.db.execute(
                "INSERT OR REPLACE INTO metrics(step, key, value_real, value_text) VALUES (?, ?, ?, NULL)", (step, k, v))
            self.db.execute(
                "INSERT INTO metric_keys(key, first_seen_step, last_seen_step) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET last_seen_step=excluded.last_seen_step", (k, step, step))
        self.db.commit()

    def close(self):
        self.db.close()
