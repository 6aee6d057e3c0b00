package containers

import (
	"log/slog"
	"testing"
)

// testLogger writes slog records under the test's own output.
func testLogger(t *testing.T) *slog.Logger {
	t.Helper()
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}
