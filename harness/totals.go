package harness

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// godog v0.16.0 ends its progress and pretty output with totals of its own
// that disagree with the Result, for reasons inside godog: it counts a
// skipped scenario as passed, and the "N failed" of its scenarios line is the
// number of failed steps. The body above them (the dots, the pretty
// scenarios, the failed steps with their SCIM exchanges) is right, so
// totalsFilter passes the body on and drops only those totals; the harness's
// own summary (Result.WriteSummary) gives the counts. godog's "Randomized
// with seed" line goes too: the summary names the seed with the flag that
// repeats the order.

var (
	godogScenarioTotals = regexp.MustCompile(`^(\d+ scenarios \(.*\)|No scenarios)$`)
	godogStepTotals     = regexp.MustCompile(`^(\d+ steps \(.*\)|No steps)$`)
	// godogSeed may carry the colour codes of a terminal around the number.
	godogSeed = regexp.MustCompile(`^Randomized with seed: (\x1b\[[0-9;]*m)*\d+(\x1b\[[0-9;]*m)*$`)
)

// godogSeedPrefix starts the line of godogSeed.
const godogSeedPrefix = "Randomized with seed: "

// totalsFilter writes godog's console output to out without godog's
// totals: the scenarios line, the steps line and the time taken after them.
// It holds a line back only while it may still turn out to be one of those,
// so the progress dots show as they are written.
type totalsFilter struct {
	out        io.Writer
	mu         sync.Mutex
	line       []byte // the start of the current line, held back
	passing    bool   // the current line cannot be a totals line: written as it comes
	afterSteps bool   // the last line was the steps line; the time taken follows
	blanks     int    // empty lines held back: the ones before the totals go with them
	err        error
}

func (f *totalsFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(p)
	for len(p) > 0 && f.err == nil {
		i := bytes.IndexByte(p, '\n')
		if f.passing {
			if i < 0 {
				f.write(p)
				break
			}
			f.write(p[:i+1])
			p, f.passing = p[i+1:], false
			continue
		}
		if i < 0 {
			f.line = append(f.line, p...)
			if !f.mayBeTotals(string(f.line)) {
				f.writeBlanks()
				f.write(f.line)
				f.line, f.passing = f.line[:0], true
			}
			break
		}
		f.line = append(f.line, p[:i]...)
		p = p[i+1:]
		f.endLine()
	}
	if f.err != nil {
		return 0, f.err
	}
	return n, nil
}

// flush writes what is still held: empty lines and an unfinished last line.
func (f *totalsFilter) flush() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writeBlanks()
	if len(f.line) > 0 {
		f.write(f.line)
		f.line = f.line[:0]
	}
}

// endLine drops a complete held line that is one of godog's totals, with the
// empty lines before it, and writes any other.
func (f *totalsFilter) endLine() {
	line := string(f.line)
	f.line = f.line[:0]
	after := f.afterSteps
	f.afterSteps = godogStepTotals.MatchString(line)
	drop := f.afterSteps || godogScenarioTotals.MatchString(line) || godogSeed.MatchString(line)
	if after {
		_, err := time.ParseDuration(line)
		drop = err == nil
	}
	switch {
	case drop:
		f.blanks = 0
	case line == "":
		f.blanks++
	default:
		f.writeBlanks()
		f.write([]byte(line + "\n"))
	}
}

func (f *totalsFilter) writeBlanks() {
	f.write(bytes.Repeat([]byte("\n"), f.blanks))
	f.blanks = 0
}

// mayBeTotals reports whether prefix, the start of a line, may still become
// a totals line.
func (f *totalsFilter) mayBeTotals(prefix string) bool {
	if f.afterSteps {
		return true
	}
	for _, whole := range []string{"No scenarios", "No steps", godogSeedPrefix} {
		if strings.HasPrefix(whole, prefix) {
			return true
		}
	}
	if strings.HasPrefix(prefix, godogSeedPrefix) {
		return true
	}
	rest := strings.TrimLeft(prefix, "0123456789")
	if rest == prefix {
		return false
	}
	for _, head := range []string{" scenarios (", " steps ("} {
		if strings.HasPrefix(head, rest) || strings.HasPrefix(rest, head) {
			return true
		}
	}
	return false
}

func (f *totalsFilter) write(p []byte) {
	if f.err == nil {
		_, f.err = f.out.Write(p)
	}
}
