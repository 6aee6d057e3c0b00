package containers

import (
	"archive/tar"
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBinariesFor(t *testing.T) {
	tests := []struct {
		name    string
		targets []string
		want    []string
		wantErr bool
	}{
		{"idpsim alone", []string{TargetIDPSim}, []string{"idpsim"}, false},
		{"castsim needs the stage above", []string{TargetCastSim}, []string{"idpsim", "castsim"}, false},
		{"any order", []string{TargetConformance, TargetIDPSim}, stageOrder, false},
		{"unknown stage", []string{"keycloak"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := binariesFor(tt.targets)
			if (err != nil) != tt.wantErr {
				t.Fatalf("binariesFor(%q) error %v, want error %t", tt.targets, err, tt.wantErr)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("binariesFor(%q) = %q, want %q", tt.targets, got, tt.want)
			}
		})
	}
}

// TestContextMatchesDockerfile keeps build/Dockerfile and the context the Go
// code assembles in step: every COPY source must be in the context.
func TestContextMatchesDockerfile(t *testing.T) {
	root, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(root, "build", "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var dsts []string
	for _, cf := range contextFiles(root, "bin", "ca.pem", stageOrder) {
		dsts = append(dsts, cf.dst)
	}

	copies := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || fields[0] != "COPY" {
			continue
		}
		copies++
		src := fields[1]
		found := slices.ContainsFunc(dsts, func(d string) bool {
			return d == src || (strings.HasSuffix(src, "/") && strings.HasPrefix(d, src))
		})
		if !found {
			t.Errorf("Dockerfile copies %s, which the build context lacks (has %q)", src, dsts)
		}
	}
	if copies < 4 {
		t.Errorf("found %d COPY lines in build/Dockerfile, want at least 4", copies)
	}
}

func TestWriteContext(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := []contextFile{
		{write("df", "FROM scratch\n"), "Dockerfile", 0o644},
		{write("pw", "idpsim:x:65532\n"), "rootfs/etc/passwd", 0o644},
		{write("ca", "PEM"), "rootfs/etc/ssl/certs/ca-certificates.crt", 0o644},
		{write("bin", "ELF"), "bin/idpsim", 0o755},
	}
	var buf bytes.Buffer
	if err := writeContext(&buf, files); err != nil {
		t.Fatal(err)
	}

	type entry struct {
		name string
		mode int64
		body string
	}
	var got []entry
	tr := tar.NewReader(&buf)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		got = append(got, entry{hdr.Name, hdr.Mode, string(b)})
	}
	want := []entry{
		{"Dockerfile", 0o644, "FROM scratch\n"},
		{"rootfs/", 0o755, ""},
		{"rootfs/etc/", 0o755, ""},
		{"rootfs/etc/passwd", 0o644, "idpsim:x:65532\n"},
		{"rootfs/etc/ssl/", 0o755, ""},
		{"rootfs/etc/ssl/certs/", 0o755, ""},
		{"rootfs/etc/ssl/certs/ca-certificates.crt", 0o644, "PEM"},
		{"bin/", 0o755, ""},
		{"bin/idpsim", 0o755, "ELF"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("context archive:\n got %v\nwant %v", got, want)
	}
}

func TestWriteContextMissingFile(t *testing.T) {
	err := writeContext(io.Discard, []contextFile{{"/nonexistent/idpsim", "bin/idpsim", 0o755}})
	if err == nil || !strings.Contains(err.Error(), "bin/idpsim") {
		t.Errorf("writeContext with a missing file: %v, want an error naming bin/idpsim", err)
	}
}

func TestFindRepoRoot(t *testing.T) {
	root, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "build", "Dockerfile")); err != nil {
		t.Errorf("repo root %s has no build/Dockerfile: %v", root, err)
	}
	if _, err := FindRepoRoot(t.TempDir()); err == nil {
		t.Error("FindRepoRoot outside the repository: no error")
	}
}

func TestReadBuildStream(t *testing.T) {
	tests := []struct {
		name    string
		stream  string
		wantLog string
		wantErr string
	}{
		{
			name:    "success",
			stream:  `{"stream":"Step 1/2 : FROM scratch\n"}` + "\n" + `{"stream":" ---> Done\n"}`,
			wantLog: "Step 1/2 : FROM scratch\n ---> Done\n",
		},
		{
			name: "build error",
			stream: `{"stream":"Step 2/2 : COPY bin/idpsim /idpsim\n"}` +
				`{"errorDetail":{"message":"COPY failed: no such file"},"error":"COPY failed: no such file"}`,
			wantLog: "Step 2/2 : COPY bin/idpsim /idpsim\n",
			wantErr: "COPY failed: no such file",
		},
		{name: "garbage", stream: `{"stream":`, wantErr: "read build output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			err := readBuildStream(strings.NewReader(tt.stream), &log)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
			if log.String() != tt.wantLog {
				t.Errorf("log %q, want %q", log.String(), tt.wantLog)
			}
		})
	}
}
