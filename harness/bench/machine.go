package bench

import (
	"bufio"
	"os"
	"runtime"
	"strings"
)

// Machine describes where the figures were taken.
type Machine struct {
	CPUs       int // logical CPUs the process may use
	CPUModel   string
	GoVersion  string
	OS, Arch   string
	GOMAXPROCS int
}

func thisMachine() Machine {
	return Machine{
		CPUs: runtime.NumCPU(), CPUModel: cpuModel(), GoVersion: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, GOMAXPROCS: runtime.GOMAXPROCS(0),
	}
}

// cpuModel reads the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
