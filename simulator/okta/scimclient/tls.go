package scimclient

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// LoadRootCAs returns the system roots plus the PEM certificates of caFile,
// for targets with development certificates. An empty caFile returns nil,
// which means the system roots alone.
func LoadRootCAs(caFile string) (*x509.CertPool, error) {
	if caFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("read CA file: no PEM certificate in " + caFile)
	}
	return pool, nil
}
