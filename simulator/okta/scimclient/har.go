package scimclient

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as written by
// Journal.HAR: every field the spec marks required is present, so Chrome
// and Firefox devtools import the file.

// HAR is a HAR 1.2 document.
type HAR struct {
	Log HARLog `json:"log"`
}

// HARLog is the root object of a HAR document.
type HARLog struct {
	Version string     `json:"version"`
	Creator HARCreator `json:"creator"`
	Entries []HAREntry `json:"entries"`
}

// HARCreator names the program that wrote the log.
type HARCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// HAREntry is one exchange.
type HAREntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"`
	Request         HARRequest  `json:"request"`
	Response        HARResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         HARTimings  `json:"timings"`
	Comment         string      `json:"comment,omitempty"`
	// Custom fields start with "_" (HAR 1.2, "Custom fields").
	Seq     uint64 `json:"_seq"`
	AppID   string `json:"_appId,omitempty"`
	UserID  string `json:"_userId,omitempty"`
	GroupID string `json:"_groupId,omitempty"`
	Attempt int    `json:"_attempt"`
	Error   string `json:"_error,omitempty"`
}

// HARRequest is the request of an entry.
type HARRequest struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARNameValue `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	QueryString []HARNameValue `json:"queryString"`
	PostData    *HARPostData   `json:"postData,omitempty"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int            `json:"bodySize"`
}

// HARResponse is the response of an entry; Status 0 when none arrived.
type HARResponse struct {
	Status      int            `json:"status"`
	StatusText  string         `json:"statusText"`
	HTTPVersion string         `json:"httpVersion"`
	Cookies     []HARNameValue `json:"cookies"`
	Headers     []HARNameValue `json:"headers"`
	Content     HARContent     `json:"content"`
	RedirectURL string         `json:"redirectURL"`
	HeadersSize int            `json:"headersSize"`
	BodySize    int            `json:"bodySize"`
}

// HARNameValue is a header, cookie or query parameter.
type HARNameValue struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// HARPostData is a request body.
type HARPostData struct {
	MimeType string         `json:"mimeType"`
	Params   []HARNameValue `json:"params"`
	Text     string         `json:"text"`
}

// HARContent is a response body.
type HARContent struct {
	Size     int    `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
}

// HARTimings splits an entry's time; the client measures only the whole.
type HARTimings struct {
	Blocked float64 `json:"blocked"`
	DNS     float64 `json:"dns"`
	Connect float64 `json:"connect"`
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
	SSL     float64 `json:"ssl"`
}

// HARCreatorName and HARCreatorVersion name idpsim in exported HAR files.
const (
	HARCreatorName    = "idpsim"
	HARCreatorVersion = "1.0.0"
)

// HAR returns the exchanges matching f as a HAR 1.2 document.
func (j *Journal) HAR(f JournalFilter) HAR {
	return BuildHAR(j.Exchanges(f))
}

// BuildHAR returns exchanges as a HAR 1.2 document.
func BuildHAR(exchanges []Exchange) HAR {
	h := HAR{Log: HARLog{
		Version: "1.2",
		Creator: HARCreator{Name: HARCreatorName, Version: HARCreatorVersion},
		Entries: make([]HAREntry, 0, len(exchanges)),
	}}
	for i := range exchanges {
		h.Log.Entries = append(h.Log.Entries, harEntry(&exchanges[i]))
	}
	return h
}

func harEntry(e *Exchange) HAREntry {
	entry := HAREntry{
		StartedDateTime: e.Time.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		Time:            e.DurationMs,
		Request: HARRequest{
			Method:      e.Method,
			URL:         e.URL,
			HTTPVersion: "HTTP/1.1",
			Cookies:     []HARNameValue{},
			Headers:     harHeaders(e.RequestHeaders),
			QueryString: harQuery(e.Query),
			HeadersSize: -1,
			BodySize:    len(e.RequestBody),
		},
		Response: harResponse(e),
		Timings:  HARTimings{Blocked: -1, DNS: -1, Connect: -1, SSL: -1, Wait: e.DurationMs},
		Seq:      e.Seq,
		AppID:    e.AppID,
		UserID:   e.UserID,
		GroupID:  e.GroupID,
		Attempt:  e.Attempt,
		Error:    e.Error,
	}
	if e.RequestBody != "" {
		entry.Request.PostData = &HARPostData{
			MimeType: e.RequestHeaders["Content-Type"],
			Params:   []HARNameValue{}, Text: e.RequestBody,
		}
	}
	if e.Error != "" {
		entry.Comment = "no response: " + e.Error
	}
	return entry
}

func harResponse(e *Exchange) HARResponse {
	mime := e.ResponseHeaders["Content-Type"]
	if mime == "" {
		mime = "x-unknown"
	}
	r := HARResponse{
		Status:      e.Status,
		StatusText:  http.StatusText(e.Status),
		HTTPVersion: "HTTP/1.1",
		Cookies:     []HARNameValue{},
		Headers:     harHeaders(e.ResponseHeaders),
		Content:     HARContent{Size: len(e.ResponseBody), MimeType: mime, Text: e.ResponseBody},
		HeadersSize: -1,
		BodySize:    len(e.ResponseBody),
	}
	if e.Status == 0 {
		r.HTTPVersion, r.BodySize = "", -1
	}
	return r
}

func harHeaders(h map[string]string) []HARNameValue {
	out := make([]HARNameValue, 0, len(h))
	for k, v := range h {
		out = append(out, HARNameValue{Name: k, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// harQuery lists the decoded query parameters in the order sent.
func harQuery(raw string) []HARNameValue {
	out := []HARNameValue{}
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		name, value, _ := strings.Cut(part, "=")
		n, err1 := url.QueryUnescape(name)
		v, err2 := url.QueryUnescape(value)
		if err1 != nil || err2 != nil {
			n, v = name, value
		}
		out = append(out, HARNameValue{Name: n, Value: v})
	}
	return out
}
