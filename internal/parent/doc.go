// Package parent notices that the process that started this one has
// exited: what a kernel does so as not to outlive the Jupyter server that
// started it. jupyter_client puts the server's process id in
// JPY_PARENT_PID when it launches a kernel; ipykernel, seeing it, exits
// once its parent is gone, and so does Methodic's kernel.
//
// On Linux the process is watched through a pidfd (pidfd_open), which
// becomes readable the moment the process exits; where there is none
// (other Unix systems, or Linux before 5.3), Watch looks every second, as
// ipykernel does: this process's parent changed, or the process is gone.
// On Windows jupyter_client passes a handle, not a process id, and
// nothing is watched.
package parent
