package containers

import (
	"errors"
	"fmt"
	"net"
	"strconv"
)

// stackPorts are the ports of the stack, each the same inside the shared
// network namespace and on the host's loopback.
type stackPorts struct {
	idp    int
	target int
}

// ports picks free loopback ports for idpsim and castsim, or checks that a
// target image's fixed port is free.
func (o Options) ports() (stackPorts, error) {
	if o.Target == nil {
		p, err := freePorts(2)
		if err != nil {
			return stackPorts{}, err
		}
		return stackPorts{idp: p[0], target: p[1]}, nil
	}
	t := o.Target.SCIMPort
	if err := portFree(t); err != nil {
		return stackPorts{}, fmt.Errorf("target SCIM port %d must be free on 127.0.0.1, "+
			"where it is published under the same number: %w", t, err)
	}
	for {
		p, err := freePorts(1)
		if err != nil {
			return stackPorts{}, err
		}
		if p[0] != t {
			return stackPorts{idp: p[0], target: t}, nil
		}
	}
}

// freePorts asks the kernel for n distinct free loopback ports. They are
// released before use, so another process could take one; the container
// start then fails with a clear "port is already allocated".
func freePorts(n int) ([]int, error) {
	var ports []int
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func portFree(p int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
	if err != nil {
		return errors.Unwrap(err)
	}
	return ln.Close()
}
