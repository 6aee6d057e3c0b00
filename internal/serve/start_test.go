package serve

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
)

func TestStart(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cases := []struct {
		name     string
		flags    Flags
		parseErr error
		served   bool
		wantErr  string
	}{
		{"serves on the bound address", Flags{Addr: "127.0.0.1:0"}, nil, true, ""},
		{"help", Flags{}, flag.ErrHelp, false, ""},
		{"bad flags", Flags{}, errors.New("bad flag"), false, "bad flag"},
		{"address in use", Flags{Addr: busy.Addr().String()}, nil, false, "listen on "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			served := false
			parse := func() (Flags, error) { return tc.flags, tc.parseErr }
			err := Start(parse, io.Discard, func(_ Flags, ln net.Listener, _ *slog.Logger) error {
				served = ln.Addr().String() != ""
				return nil
			})
			if served != tc.served {
				t.Errorf("served = %v, want %v", served, tc.served)
			}
			if tc.wantErr == "" && err != nil || tc.wantErr != "" &&
				(err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Start = %v, want an error holding %q", err, tc.wantErr)
			}
		})
	}
}
