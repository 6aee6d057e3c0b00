package scimclient

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/idpsim/idpsim/internal/testlog"
)

func TestLogsOneLinePerExchangeAndAWarningPerRetry(t *testing.T) {
	const token = "log-secret-token-99"
	f := newFakeSCIM(t)
	f.push(tooMany("1"), tooMany(""))
	var buf testlog.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := New(Config{
		Target: Target{BaseURL: f.baseURL(), Token: token},
		Clock:  newFakeClock(), Logger: log,
	})
	must(t, err)

	_, _, err = c.FindUser(context.Background(), Tag{AppID: "0oa1", UserID: "00u1"}, "a@b.c")
	must(t, err)

	var debug, warn int
	for line := range strings.SplitSeq(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		must(t, json.Unmarshal([]byte(line), &rec))
		if rec["app_id"] != "0oa1" || rec["user_id"] != "00u1" {
			t.Errorf("record lacks the tag: %s", line)
		}
		switch rec["level"] {
		case "DEBUG":
			debug++
		case "WARN":
			warn++
		}
	}
	if debug != 3 || warn != 2 {
		t.Errorf("debug lines %d, warnings %d; want 3 and 2\n%s", debug, warn, buf.String())
	}
	if strings.Contains(buf.String(), token) {
		t.Error("the token was logged")
	}
}

func TestConcurrentClientUse(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(3)
	must(t, faults.Set("0oa1", []FaultRule{{
		Method: "GET", Rate: 0.3, Action: ActionStatus,
		Status: 429, RetryAfter: intp(0),
	}}))
	j := NewJournal(1000)
	c, err := New(Config{
		Target: Target{BaseURL: f.baseURL(), Token: "concurrent-token"},
		Faults: faults, Journal: j, Clock: newFakeClock(),
	})
	must(t, err)

	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			tag := Tag{AppID: "0oa1", UserID: fmt.Sprint(i)}
			login := fmt.Sprintf("user%d@example.com", i)
			if _, err := c.CreateUser(context.Background(), tag,
				map[string]any{"userName": login}); err != nil {
				errs <- err
				return
			}
			if _, found, err := c.FindUser(context.Background(), tag, login); err != nil || !found {
				errs <- fmt.Errorf("find %s: %t, %w", login, found, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range 16 {
		ex := j.Exchanges(JournalFilter{UserID: fmt.Sprint(i)})
		if last := ex[len(ex)-1]; last.Status != 200 {
			t.Errorf("user %d: last exchange %d, want 200", i, last.Status)
		}
	}
}
