//go:build unix && !linux

package interp

// fionread asks how many bytes wait in a pipe: FIONREAD, _IOR('f', 127,
// int), on macOS and the BSDs.
const fionread = 0x4004667f
