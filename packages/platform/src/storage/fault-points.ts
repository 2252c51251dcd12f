/**
 * Named points inside multi-step writes where crash tests stop the platform. Off unless the variable
 * below names a point: the process then reports `fault point <name> reached` on stderr and waits there
 * until it is killed. Never set in production; it only ever delays, it changes no data.
 */
export const FAULT_POINT_ENV = 'MODELARTS_LOCAL_TEST_FAULT_POINT';

export async function faultPoint(name: string): Promise<void> {
  if (process.env[FAULT_POINT_ENV] !== name) return;
  process.stderr.write(`fault point ${name} reached\n`);
  await new Promise(() => {});
}
