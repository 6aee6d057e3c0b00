package scimclient

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Exchange is one request and its answer as the client saw them, secrets
// masked. Status is 0 and Error set when no answer arrived.
type Exchange struct {
	Seq             uint64            `json:"seq"`
	Time            time.Time         `json:"time"`
	AppID           string            `json:"appId,omitempty"`
	UserID          string            `json:"userId,omitempty"`
	GroupID         string            `json:"groupId,omitempty"`
	Attempt         int               `json:"attempt"`
	Method          string            `json:"method"`
	URL             string            `json:"url"`
	Path            string            `json:"path"`
	Query           string            `json:"query,omitempty"`
	RequestHeaders  map[string]string `json:"requestHeaders"`
	RequestBody     string            `json:"requestBody,omitempty"`
	Status          int               `json:"status"`
	ResponseHeaders map[string]string `json:"responseHeaders,omitempty"`
	ResponseBody    string            `json:"responseBody,omitempty"`
	DurationMs      float64           `json:"durationMs"`
	Error           string            `json:"error,omitempty"`
}

// JournalFilter selects exchanges; empty fields match everything.
type JournalFilter struct {
	AppID   string
	UserID  string
	GroupID string
	// AfterSeq keeps only exchanges with a larger sequence number.
	AfterSeq uint64
}

func (f JournalFilter) match(e *Exchange) bool {
	return (f.AppID == "" || f.AppID == e.AppID) &&
		(f.UserID == "" || f.UserID == e.UserID) &&
		(f.GroupID == "" || f.GroupID == e.GroupID) &&
		e.Seq > f.AfterSeq
}

// Journal is a bounded, concurrency-safe ring of exchanges shared by every
// client of a simulator. When full, the oldest exchange is dropped.
type Journal struct {
	mu   sync.Mutex
	ring []Exchange
	next int // index of the next write
	full bool
	seq  uint64
}

// NewJournal returns a journal holding the last size exchanges
// (DefaultJournalSize when size <= 0).
func NewJournal(size int) *Journal {
	if size <= 0 {
		size = DefaultJournalSize
	}
	return &Journal{ring: make([]Exchange, size)}
}

// Add stores e, giving it the next sequence number, and returns that number.
func (j *Journal) Add(e Exchange) uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	j.ring[j.next] = e
	j.next = (j.next + 1) % len(j.ring)
	if j.next == 0 {
		j.full = true
	}
	return e.Seq
}

// Exchanges returns the stored exchanges matching f, oldest first.
func (j *Journal) Exchanges(f JournalFilter) []Exchange {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []Exchange{}
	start, n := 0, j.next
	if j.full {
		start, n = j.next, len(j.ring)
	}
	for i := range n {
		e := &j.ring[(start+i)%len(j.ring)]
		if f.match(e) {
			out = append(out, cloneExchange(e))
		}
	}
	return out
}

// Len returns the number of stored exchanges.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.full {
		return len(j.ring)
	}
	return j.next
}

// LastSeq returns the sequence number of the newest exchange (0 if none).
func (j *Journal) LastSeq() uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// Reset drops every exchange; sequence numbers keep increasing.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(j.ring)
	j.next, j.full = 0, false
}

func cloneExchange(e *Exchange) Exchange {
	c := *e
	c.RequestHeaders = cloneMap(e.RequestHeaders)
	c.ResponseHeaders = cloneMap(e.ResponseHeaders)
	return c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// flatHeaders joins multi-valued headers with ", " under canonical names.
func flatHeaders(h http.Header) map[string]string {
	m := make(map[string]string, len(h))
	for k, vs := range h {
		m[http.CanonicalHeaderKey(k)] = strings.Join(vs, ", ")
	}
	return m
}
