package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/idpsim/idpsim/harness"
)

// runSuite runs the default conformance suite in embedded mode and times it
// from start to result.
func runSuite(ctx context.Context, o Options) (SuiteResult, error) {
	began := time.Now()
	res, err := harness.Run(ctx, harness.Config{Output: io.Discard, NoColor: true, Logger: o.Logger})
	took := time.Since(began)
	if err != nil {
		return SuiteResult{}, fmt.Errorf("run the suite: %w", err)
	}
	return SuiteResult{
		Seconds: took.Seconds(), Passed: res.Count(harness.StatusPassed),
		Failed: res.Count(harness.StatusFailed), Skipped: res.Count(harness.StatusSkipped),
	}, nil
}
