package scimclient

import (
	"strconv"
	"strings"
	"time"
)

// The 429 schedule, after OKTA-WIRE.md ("Errors, rate limits, retries"):
// "Okta waits Retry-After seconds (integer form; otherwise 5 minutes), doubles
// the wait for each further 429, and gives up after 10 attempts".
//
// Read precisely, for one Request:
//
//   - Attempt 1 is the first request. Attempts 1..MaxAttempts are made; a 429
//     on attempt MaxAttempts (the 10th) ends the Request with ErrRateLimited.
//   - After the first 429 the wait is its Retry-After when that header is a
//     non-negative integer number of seconds (RFC 9110 §10.2.3 delay-seconds);
//     otherwise (missing, an HTTP date, garbage) it is DefaultRetryWait.
//   - After each further 429 the wait is twice the previous wait. A
//     Retry-After on that response that asks for longer than the doubled wait
//     is honoured instead, so the target is never retried before it allows.
//   - Each wait is multiplied by Config.TimeScale and timed on Config.Clock.
//     The request timeout is not scaled and does not count the wait.
//
// Example: Retry-After 2, then three 429s without the header: waits 2s, 4s,
// 8s. Example: no header at all: 5m, 10m, 20m and so on.
const (
	MaxAttempts      = 10
	DefaultRetryWait = 5 * time.Minute
)

// nextWait returns the wait after a 429 whose Retry-After header is header,
// given the previous wait of this request (0 before the first).
func nextWait(prev time.Duration, header string) time.Duration {
	asked, ok := retryAfter(header)
	if prev == 0 {
		if ok {
			return asked
		}
		return DefaultRetryWait
	}
	doubled := 2 * prev
	if ok && asked > doubled {
		return asked
	}
	return doubled
}

// retryAfter parses the integer form of Retry-After.
func retryAfter(header string) (time.Duration, bool) {
	s := strings.TrimSpace(header)
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > int64(24*time.Hour/time.Second) {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}

// rateLimitError is the error of a request that met MaxAttempts 429s. Its
// detail is the message Okta's task shows for it.
func rateLimitError(req Request, resp *Response, attempts int) *RemoteError {
	e := newRemoteError(req, resp, attempts)
	e.Detail = RateLimitMessage
	e.NotJSON = false
	return e
}

// RateLimitMessage is the detail of ErrRateLimited errors.
const RateLimitMessage = "Rate limit exceeded: the remote server answered " +
	"429 Too Many Requests to every attempt"
