const VARIABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * The AWS SDK warns once per process, on Node 20, that its releases after January 2027 will need Node 22. The
 * versions this SDK pins support Node 20, so the warning would only confuse. The SDK checks when a client is built:
 * call this just before, and the returned function just after, so that the user's environment (and that of child
 * processes) keeps its own value.
 */
export function quietAwsNodeWarning(): () => void {
  if (process.env[VARIABLE] !== undefined) return () => undefined;
  process.env[VARIABLE] = 'true';
  return () => {
    delete process.env[VARIABLE];
  };
}
