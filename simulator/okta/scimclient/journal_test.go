package scimclient

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestJournalRingAndFilters(t *testing.T) {
	j := NewJournal(3)
	for i := range 5 {
		j.Add(Exchange{AppID: fmt.Sprintf("app%d", i%2), UserID: fmt.Sprintf("u%d", i)})
	}
	all := j.Exchanges(JournalFilter{})
	if len(all) != 3 || all[0].Seq != 3 || all[2].Seq != 5 {
		t.Fatalf("ring kept %+v, want seq 3..5", all)
	}
	tests := []struct {
		name string
		f    JournalFilter
		want []uint64
	}{
		{"by app", JournalFilter{AppID: "app0"}, []uint64{3, 5}},
		{"by user", JournalFilter{UserID: "u3"}, []uint64{4}},
		{"after seq", JournalFilter{AfterSeq: 4}, []uint64{5}},
		{"no match", JournalFilter{GroupID: "g"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []uint64
			for _, e := range j.Exchanges(tt.f) {
				got = append(got, e.Seq)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("seqs = %v, want %v", got, tt.want)
			}
		})
	}
	j.Reset()
	if j.Len() != 0 || j.LastSeq() != 5 {
		t.Errorf("after Reset: len %d, last seq %d; want 0 and 5", j.Len(), j.LastSeq())
	}
}

func TestJournalConcurrentUse(t *testing.T) {
	j := NewJournal(50)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 100 {
				j.Add(Exchange{AppID: fmt.Sprint(w), Attempt: i})
				_ = j.Exchanges(JournalFilter{AppID: fmt.Sprint(w)})
			}
		})
	}
	wg.Wait()
	if j.Len() != 50 || j.LastSeq() != 800 {
		t.Errorf("len %d, last seq %d; want 50 and 800", j.Len(), j.LastSeq())
	}
}

// TestJournalMasksSecrets drives every auth scheme through a real exchange
// and asserts that no secret appears anywhere in the journal or its HAR.
func TestJournalMasksSecrets(t *testing.T) {
	const (
		token    = "tok-SuperSecret-4242"
		password = "pw-AlsoSecret-77"
		userPass = "gT7#kq2!Lm9z"
	)
	tests := []struct {
		name     string
		target   Target
		wantAuth string
		secrets  []string
	}{
		{
			"bearer",
			Target{AuthScheme: AuthToken, Token: token},
			"Bearer ****",
			[]string{token},
		},
		{
			"raw header",
			Target{AuthScheme: AuthHeader, Token: token},
			"****",
			[]string{token},
		},
		{
			"raw header with scheme",
			Target{AuthScheme: AuthHeader, Token: "SSWS " + token},
			"SSWS ****",
			[]string{token},
		},
		{
			"basic",
			Target{AuthScheme: AuthBasic, Username: "okta", Password: password},
			"Basic ****",
			[]string{
				password,
				base64.StdEncoding.EncodeToString([]byte("okta:" + password)),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSCIM(t)
			// A careless target that echoes the token in its error detail.
			f.push(scripted{
				method: "GET", status: 401,
				body: `{"status":"401","detail":"bad credentials ` + tt.secrets[0] + `"}`,
			})
			j := NewJournal(10)
			tt.target.BaseURL = f.baseURL()
			c, err := New(Config{Target: tt.target, Journal: j})
			must(t, err)
			ctx, tag := context.Background(), Tag{AppID: "0oa1"}
			_ = c.TestConnection(ctx, tag)
			body := oktaCreateBody()
			body["password"] = userPass
			_, err = c.CreateUser(ctx, tag, body)
			must(t, err)

			ex := j.Exchanges(JournalFilter{})
			if len(ex) != 2 {
				t.Fatalf("journal holds %d exchanges, want 2", len(ex))
			}
			for _, e := range ex {
				if got := e.RequestHeaders["Authorization"]; got != tt.wantAuth {
					t.Errorf("Authorization = %q, want %q", got, tt.wantAuth)
				}
			}
			if !strings.Contains(ex[1].RequestBody, `"password":"****"`) {
				t.Errorf("password not masked in %s", ex[1].RequestBody)
			}
			dump, _ := json.Marshal(ex)
			har, _ := json.Marshal(j.HAR(JournalFilter{}))
			for _, s := range append(tt.secrets, userPass) {
				if strings.Contains(string(dump), s) || strings.Contains(string(har), s) {
					t.Errorf("secret %q found in the journal", s)
				}
			}
		})
	}
}

func TestMaskBody(t *testing.T) {
	m := newMasker(Target{Token: "abcdef123"})
	tests := []struct{ in, want string }{
		{`{"password":"x\"y","userName":"u"}`, `{"password":"****","userName":"u"}`},
		{`{"a":{"clientSecret" : "s"}}`, `{"a":{"clientSecret" : "****"}}`},
		{`{"note":"token abcdef123 leaked"}`, `{"note":"token **** leaked"}`},
		{`not json abcdef123`, `not json ****`},
		{`{"active":true}`, `{"active":true}`},
	}
	for _, tt := range tests {
		if got := m.body([]byte(tt.in)); got != tt.want {
			t.Errorf("mask %s = %s, want %s", tt.in, got, tt.want)
		}
	}
}
