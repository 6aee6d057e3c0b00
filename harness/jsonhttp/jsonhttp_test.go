package jsonhttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSendEncodesBodyAndReadsAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen", r.Header.Get("Authorization")+" "+string(body))
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":"u1","padding":"`+strings.Repeat("x", 100)+`"}`)
	}))
	defer srv.Close()

	a, err := Send(context.Background(), nil, Request{
		Method: http.MethodPost, URL: srv.URL + "/Users",
		Header: http.Header{"Authorization": {"Bearer t"}},
		Body:   map[string]string{"userName": "a"}, MaxAnswer: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != http.StatusCreated || a.Header.Get("X-Seen") != `Bearer t {"userName":"a"}` {
		t.Errorf("answer %d with X-Seen %q", a.Status, a.Header.Get("X-Seen"))
	}
	if string(a.Body) != `{"id":"u1"` {
		t.Errorf("body %q, want the first 10 bytes", a.Body)
	}
	var v map[string]any
	if err := Decode(a.Status, a.Body, &v, 4); err == nil || !strings.Contains(err.Error(), `"{\"id…"`) {
		t.Errorf("Decode of a cut body = %v, want an error quoting 4 bytes", err)
	}
}

func TestSendRefusesWhatItCannotEncode(t *testing.T) {
	_, err := Send(context.Background(), nil, Request{
		Method: http.MethodPost, URL: "http://127.0.0.1:1/x", Body: func() {},
	})
	if err == nil || !strings.HasPrefix(err.Error(), "encode POST") {
		t.Errorf("Send of a func body = %v, want an encode error", err)
	}
}
