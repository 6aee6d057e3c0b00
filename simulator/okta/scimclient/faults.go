package scimclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/idpsim/idpsim/scim"
)

// Fault actions.
const (
	ActionLatency      = "latency"       // wait, then send
	ActionReset        = "reset"         // fail before sending: connection reset
	ActionLoseResponse = "lose-response" // send (the target commits), then fail
	ActionStatus       = "status"        // answer a SCIM error without sending
)

// ErrResponseLost is the transport error of the lose-response fault.
var ErrResponseLost = errors.New("response lost after the request was sent (injected fault)")

// FaultRule is one outbound fault of an app, as decoded from
// PUT /_sim/faults/{appId}. A rule matches a request by method (empty: any)
// and path prefix (empty: any; compared with the path relative to the base
// URL, e.g. "/Users", and with the full URL path). Count > 0 applies it to
// the next Count matching requests only; Rate in (0,1] applies it to that
// share of matching requests; with neither it applies to every match.
type FaultRule struct {
	Method     string   `json:"method,omitempty"`
	Path       string   `json:"path,omitempty"`
	Count      int      `json:"count,omitempty"`
	Rate       float64  `json:"rate,omitempty"`
	Action     string   `json:"action"`
	Latency    Duration `json:"latency,omitempty"`
	Status     int      `json:"status,omitempty"`
	RetryAfter *int     `json:"retryAfter,omitempty"`
	Detail     string   `json:"detail,omitempty"`
}

// Validate reports every problem of the rule.
func (r FaultRule) Validate() error {
	var errs []error
	switch r.Action {
	case ActionLatency:
		if r.Latency <= 0 {
			errs = append(errs, errors.New("action latency: latency must be positive"))
		}
	case ActionReset, ActionLoseResponse:
	case ActionStatus:
		if r.Status < 400 || r.Status > 599 {
			errs = append(errs, fmt.Errorf("action status: status %d: want 400..599", r.Status))
		}
	default:
		errs = append(errs, fmt.Errorf("action %q: want latency, reset, lose-response or status",
			r.Action))
	}
	if r.Count < 0 {
		errs = append(errs, fmt.Errorf("count %d: must not be negative", r.Count))
	}
	if r.Rate < 0 || r.Rate > 1 {
		errs = append(errs, fmt.Errorf("rate %g: want 0..1", r.Rate))
	}
	if r.Count > 0 && r.Rate > 0 {
		errs = append(errs, errors.New("count and rate: set one, not both"))
	}
	if r.RetryAfter != nil && *r.RetryAfter < 0 {
		errs = append(errs, fmt.Errorf("retryAfter %d: must not be negative", *r.RetryAfter))
	}
	return errors.Join(errs...)
}

func (r *FaultRule) matches(method, relPath, fullPath string) bool {
	if r.Method != "" && !strings.EqualFold(r.Method, method) {
		return false
	}
	return r.Path == "" || strings.HasPrefix(relPath, r.Path) || strings.HasPrefix(fullPath, r.Path)
}

// Faults holds the fault rules of every app. It is safe for concurrent use;
// one Faults is shared by the clients of a simulator.
type Faults struct {
	mu    sync.Mutex
	rules map[string][]*FaultRule
	rand  *rand.Rand
}

// NewFaults returns an empty rule set whose rate draws follow seed.
func NewFaults(seed uint64) *Faults {
	return &Faults{
		rules: map[string][]*FaultRule{},
		rand:  rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
}

// Set replaces the rules of appID after validating all of them.
func (f *Faults) Set(appID string, rules []FaultRule) error {
	var errs []error
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("rule %d: %w", i, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("set faults of app %s: %w", appID, err)
	}
	copies := make([]*FaultRule, len(rules))
	for i := range rules {
		r := rules[i]
		copies[i] = &r
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules[appID] = copies
	return nil
}

// Clear removes the rules of appID.
func (f *Faults) Clear(appID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.rules, appID)
}

// Reset removes every rule.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.rules)
}

// Rules returns the rules of appID as they stand (Count shows what is left).
func (f *Faults) Rules(appID string) []FaultRule {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FaultRule, 0, len(f.rules[appID]))
	for _, r := range f.rules[appID] {
		out = append(out, *r)
	}
	return out
}

// pick returns a copy of the first rule of appID that fires for the request,
// consuming one use of a counted rule. Rules used up are removed.
func (f *Faults) pick(appID, method, relPath, fullPath string) (FaultRule, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rules := f.rules[appID]
	for i, r := range rules {
		if !r.matches(method, relPath, fullPath) {
			continue
		}
		switch {
		case r.Count > 0:
			r.Count--
			fired := *r
			if r.Count == 0 {
				f.rules[appID] = append(rules[:i:i], rules[i+1:]...)
			}
			return fired, true
		case r.Rate > 0:
			if f.rand.Float64() < r.Rate {
				return *r, true
			}
		default:
			return *r, true
		}
	}
	return FaultRule{}, false
}

// Wrap returns a round tripper that applies the rules of the request's app
// (from the Tag of the Client call) before or after next.
func (f *Faults) Wrap(next http.RoundTripper, clock Clock) http.RoundTripper {
	if clock == nil {
		clock = realClock{}
	}
	return &faultTransport{faults: f, next: next, clock: clock}
}

type faultTransport struct {
	faults *Faults
	next   http.RoundTripper
	clock  Clock
}

func (t *faultTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	cl, ok := callFrom(req.Context())
	if !ok {
		return t.next.RoundTrip(req)
	}
	rule, ok := t.faults.pick(cl.tag.AppID, req.Method, cl.path, req.URL.Path)
	if !ok {
		return t.next.RoundTrip(req)
	}

	switch rule.Action {
	case ActionLatency:
		if err := sleep(req.Context(), t.clock, time.Duration(rule.Latency)); err != nil {
			return nil, fmt.Errorf("injected latency: %w", err)
		}
		return t.next.RoundTrip(req)
	case ActionReset:
		closeBody(req)
		return nil, fmt.Errorf("injected connection reset: %w", syscall.ECONNRESET)
	case ActionLoseResponse:
		resp, err := t.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// The journal shows what the target did, though the caller never sees it.
		return nil, fmt.Errorf("%w; the target had answered %d", ErrResponseLost, resp.StatusCode)
	}
	closeBody(req)
	return syntheticResponse(req, rule), nil
}

// CloseIdleConnections passes the call on to the wrapped transport.
func (t *faultTransport) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// syntheticResponse answers rule's status with a SCIM error body, as a
// target would, without reaching the target.
func syntheticResponse(req *http.Request, rule FaultRule) *http.Response {
	detail := rule.Detail
	if detail == "" {
		detail = "Injected fault: " + http.StatusText(rule.Status)
	}
	body, _ := json.Marshal(&scim.Error{Status: rule.Status, Detail: detail})
	h := http.Header{}
	h.Set("Content-Type", scim.ContentTypeWithCharset)
	if rule.RetryAfter != nil {
		h.Set("Retry-After", strconv.Itoa(*rule.RetryAfter))
	}
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", rule.Status, http.StatusText(rule.Status)),
		StatusCode:    rule.Status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// call is what the fault transport learns of the Client call behind a
// request.
type call struct {
	tag  Tag
	path string
}

type callKey struct{}

func withCall(ctx context.Context, c call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

func callFrom(ctx context.Context) (call, bool) {
	c, ok := ctx.Value(callKey{}).(call)
	return c, ok
}

// Duration is a time.Duration that reads and writes JSON as "200ms"; a bare
// number is read as milliseconds.
type Duration time.Duration

// MarshalJSON writes d as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads "200ms" or 200 (milliseconds).
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("parse duration %q: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return fmt.Errorf("parse duration %s: want \"200ms\" or milliseconds", b)
	}
	*d = Duration(ms * float64(time.Millisecond))
	return nil
}
