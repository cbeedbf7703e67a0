// Follow mode for `convert --follow`: growing files as pipeline inputs, with their commit hook.
import type { Commit } from "../../framework/pipeline.js";
import type { PipelineInput } from "../../framework/sources.js";
import type { CommittedLength } from "../ndjson-file-sink.js";
import { FileFollower, type FollowOptions } from "./file-follower.js";

export { FileFollower, type FollowOptions, type FilePosition } from "./file-follower.js";
export {
  readFollowState,
  writeFollowState,
  readMultiFollowState,
  writeMultiFollowState,
  type FollowState,
  type MultiFollowState,
  type FollowedFileState,
} from "./state-file.js";
export { MultiFollower, type MultiFollowOptions, type FileConverter } from "./multi-follow.js";
export { filesMatching, hasWildcard, matchesNamePattern, patternNames } from "./file-pattern.js";

export interface FollowedInput {
  /** Give to runPipeline's `inputs` (alone: the stream ends only when the signal aborts). */
  readonly input: PipelineInput;
  /**
   * Give to runPipeline's `onCommit`: saves the position after the pipeline flushed its output,
   * with the committed lengths of local outputs when given (see FollowState.outputs).
   */
  readonly onCommit: (commit: Commit, outputs?: readonly CommittedLength[]) => Promise<void>;
}

/**
 * Wraps `path` for the pipeline. Offsets the pipeline commits count bytes of the followed stream
 * (which spans rotations), so the input starts at 0 and the follower maps them back to files:
 * for the state file, and for the records' message IDs (`placeOf`).
 */
export function followInput(path: string, options: FollowOptions = {}): FollowedInput {
  const follower = new FileFollower(path, options);
  return {
    input: { name: path, stream: follower.chunks(), startOffset: 0, placeOf: (endOffset) => follower.recordPlace(endOffset) },
    onCommit: (commit, outputs) => follower.commit(commit.offset, outputs),
  };
}
