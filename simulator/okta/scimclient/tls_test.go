package scimclient

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestHTTPSTargets(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"totalResults":0,"Resources":[]}`))
	}))
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	must(t, os.WriteFile(caFile, pemBytes, 0o600))
	pool, err := LoadRootCAs(caFile)
	must(t, err)

	tests := []struct {
		name    string
		roots   *x509.CertPool
		skip    bool
		wantErr bool
	}{
		{"system roots refuse a self-signed target", nil, false, true},
		{"a CA file trusts it", pool, false, false},
		{"skip-verify accepts it", nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(Config{
				Target:  Target{BaseURL: srv.URL + "/scim/v2", SkipTLSVerify: tt.skip},
				RootCAs: tt.roots,
			})
			must(t, err)
			err = c.TestConnection(context.Background(), Tag{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("TestConnection = %v, want error %t", err, tt.wantErr)
			}
			var unknown x509.UnknownAuthorityError
			if tt.wantErr && !errors.As(err, &unknown) {
				t.Errorf("error %v is not an unknown-authority error", err)
			}
		})
	}
}

func TestLoadRootCAsErrors(t *testing.T) {
	if pool, err := LoadRootCAs(""); pool != nil || err != nil {
		t.Errorf("LoadRootCAs(\"\") = %v, %v; want nil, nil", pool, err)
	}
	if _, err := LoadRootCAs(filepath.Join(t.TempDir(), "missing.pem")); err == nil {
		t.Error("missing file: want an error")
	}
	junk := filepath.Join(t.TempDir(), "junk.pem")
	must(t, os.WriteFile(junk, []byte("not a certificate"), 0o600))
	if _, err := LoadRootCAs(junk); err == nil {
		t.Error("file without PEM: want an error")
	}
}
