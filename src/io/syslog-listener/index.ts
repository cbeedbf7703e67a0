// Live syslog reception (UDP datagrams, TCP with RFC 6587 framing) feeding the conversion pipeline.
export {
  startSyslogListener,
  DEFAULT_MAX_FRAME_BYTES,
  type SyslogListener,
  type SyslogListenerOptions,
  type ListenerStats,
  type ListenerReport,
  type BoundAddress,
} from "./listener.js";
export { TcpFramer, asLine, type Frame, type FramingMode } from "./frames.js";
