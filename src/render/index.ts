// Everything the app writes for people to read is rendered here.
export {
  renderComment,
  renderRecordComment,
  tamperingSentence,
  COMMENT_TITLES,
  MAX_COMMENT_CHARS,
  type CommentInput,
  type RecordView,
} from "./comment.js";
export {
  renderCheck,
  renderPolicyErrorCheck,
  annotationPath,
  MAX_CHECK_CHARS,
  type CheckOutput,
  type PolicyErrorCheck,
  type PolicyProblem,
} from "./check.js";
export { inlineText, plainText, truncate, shortSha, ZWJ, ZWSP } from "./sanitize.js";
export { SIGNAL_WORDS, EXEMPT_WORDS, ROLE_WORDS, COMMANDS, DEFAULT_POLICY_PATH, unattributedWords } from "./wording.js";
export { blobUrl, policyFileUrl, policyUrl, safeHttpsUrl, type RepoRef } from "./links.js";
