package containers

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Stages of build/Dockerfile, one image per binary, in the file's order: a
// stage builds after the ones above it, so it needs their binaries too.
const (
	TargetIDPSim      = "idpsim"
	TargetCastSim     = "castsim"
	TargetConformance = "conformance"
)

var stageOrder = []string{TargetIDPSim, TargetCastSim, TargetConformance}

// modulePath identifies the repository root when looking for it.
const modulePath = "module github.com/idpsim/idpsim"

// caBundles are where Linux distributions and macOS keep the system CA bundle.
var caBundles = []string{
	"/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine, Arch
	"/etc/pki/tls/certs/ca-bundle.crt",   // Fedora, RHEL
	"/etc/ssl/ca-bundle.pem",             // openSUSE
	"/etc/ssl/cert.pem",                  // macOS, the BSDs
}

// contextFile is one file of the build context: where it lies on the host
// and where it goes in the context.
type contextFile struct {
	src  string
	dst  string
	mode int64
}

// FindRepoRoot returns the idpsim repository root at or above dir.
func FindRepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find repo root: %w", err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		b, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte(modulePath+"\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("find repo root: no idpsim go.mod at or above %s", dir)
		}
	}
}

// binariesFor lists the binaries the stages need, in stage order.
func binariesFor(targets []string) ([]string, error) {
	last := -1
	for _, t := range targets {
		i := slices.Index(stageOrder, t)
		if i < 0 {
			return nil, fmt.Errorf("image target %q: want one of %s", t, strings.Join(stageOrder, ", "))
		}
		last = max(last, i)
	}
	return stageOrder[:last+1], nil
}

// crossBuild builds ./cmd/<name> for each name into dir as static linux
// binaries for arch.
func crossBuild(ctx context.Context, root, dir, arch string, names []string) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("cross-build: %w", err)
	}
	args := []string{"build", "-trimpath", "-ldflags", "-s -w", "-o", dir + string(filepath.Separator)}
	for _, n := range names {
		args = append(args, "./cmd/"+n)
	}
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("cross-build %s: %w\n%s", strings.Join(names, ", "), err, out)
	}
	return nil
}

// contextFiles lists the build context laid out as build/Dockerfile expects.
func contextFiles(root, binDir, caBundle string, names []string) []contextFile {
	files := []contextFile{
		{filepath.Join(root, "build", "Dockerfile"), "Dockerfile", 0o644},
		{filepath.Join(root, "build", "rootfs", "etc", "passwd"), "rootfs/etc/passwd", 0o644},
		{filepath.Join(root, "build", "rootfs", "etc", "group"), "rootfs/etc/group", 0o644},
		{caBundle, "rootfs/etc/ssl/certs/ca-certificates.crt", 0o644},
		{filepath.Join(root, "fixtures", "demo.yaml"), "demo.yaml", 0o644},
	}
	for _, n := range names {
		files = append(files, contextFile{filepath.Join(binDir, n), "bin/" + n, 0o755})
	}
	return files
}

// findCABundle returns path when set, else the first system bundle found.
func findCABundle(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("ca bundle: %w", err)
		}
		return path, nil
	}
	for _, p := range caBundles {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("ca bundle: none of the usual paths exists; set BuildOptions.CABundle")
}

// writeContext writes files as a tar archive, the form the engine's build
// API takes. Parent folders get entries of their own.
func writeContext(w io.Writer, files []contextFile) error {
	tw := tar.NewWriter(w)
	dirs := map[string]bool{}
	for _, f := range files {
		if err := writeParents(tw, dirs, f.dst); err != nil {
			return err
		}
		if err := writeFile(tw, f); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("close build context: %w", err)
	}
	return nil
}

func writeParents(tw *tar.Writer, seen map[string]bool, name string) error {
	var parents []string
	for d := path.Dir(name); d != "." && !seen[d]; d = path.Dir(d) {
		parents = append(parents, d)
		seen[d] = true
	}
	for _, d := range slices.Backward(parents) {
		hdr := &tar.Header{Typeflag: tar.TypeDir, Name: d + "/", Mode: 0o755}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("add %s to build context: %w", d, err)
		}
	}
	return nil
}

func writeFile(tw *tar.Writer, f contextFile) error {
	src, err := os.Open(f.src)
	if err != nil {
		return fmt.Errorf("add %s to build context: %w", f.dst, err)
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return fmt.Errorf("add %s to build context: %w", f.dst, err)
	}
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: f.dst, Mode: f.mode, Size: st.Size()}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("add %s to build context: %w", f.dst, err)
	}
	if _, err := io.Copy(tw, src); err != nil {
		return fmt.Errorf("add %s to build context: %w", f.dst, err)
	}
	return nil
}
