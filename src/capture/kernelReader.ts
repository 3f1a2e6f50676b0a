/**
 * The recorder's side channel to a notebook's kernel: what the kernel is,
 * and silent requests that leave no trace in the user's history, execution
 * count or outputs.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { KernelMessage } from '@jupyterlab/services';
import {
  IKernelPythonContext,
  parseKernelContext,
  probeContextExpression
} from './kernelProbe';

/** One entry of an execute reply's `user_expressions`. */
interface IUserExpressionResult {
  status: string;
  data?: { [mime: string]: unknown };
}

export class KernelReader {
  constructor(session: ISessionContext) {
    this._session = session;
  }

  /** The kernel's info reply, once it came. */
  get info(): KernelMessage.IInfoReply | null {
    return this._info;
  }

  /** What a Python kernel's probe reported about its interpreter. */
  get pythonContext(): IKernelPythonContext | null {
    return this._pythonContext;
  }

  get isPython(): boolean {
    if (this._info) {
      return this._info.language_info.name === 'python';
    }
    // Kernel info not in yet: the kernelspec name is the best guess.
    return /python/i.test(this._session.session?.kernel?.name ?? '');
  }

  /** Forget what was read: the session has another kernel. */
  forget(): void {
    this._info = null;
    this._pythonContext = null;
  }

  /**
   * Read the kernel's info and, from a Python kernel, the interpreter. This
   * first probe request also loads the probes, so the run probe measures the
   * user's cells from then on.
   */
  async load(): Promise<void> {
    const kernel = this._session.session?.kernel;
    if (!kernel) {
      return;
    }
    try {
      const reply = await kernel.info;
      if (kernel !== this._session.session?.kernel) {
        return;
      }
      this._info = reply;
      if (reply.language_info.name === 'python') {
        const text = await this.evaluate(probeContextExpression());
        this._pythonContext = text ? parseKernelContext(text) : null;
      }
    } catch {
      // Kernel info is optional context; capture goes on without it.
    }
  }

  /** Run code silently: no history, no execution count, no outputs shown. */
  async silent(
    code: string,
    userExpressions: { [name: string]: string } = {}
  ): Promise<KernelMessage.IExecuteReplyMsg | null> {
    const kernel = this._session.session?.kernel;
    if (!kernel) {
      return null;
    }
    try {
      const future = kernel.requestExecute(
        {
          code,
          silent: true,
          store_history: false,
          user_expressions: userExpressions,
          allow_stdin: false,
          stop_on_error: false
        },
        true
      );
      return await future.done;
    } catch {
      // A kernel that dies or restarts cancels the request: nothing to read.
      return null;
    }
  }

  /** Evaluate one expression silently; its text/plain, or null. */
  async evaluate(expression: string): Promise<string | null> {
    const reply = await this.silent('', { runlog: expression });
    const content = reply?.content as
      | { user_expressions?: { [key: string]: IUserExpressionResult } }
      | undefined;
    const result = content?.user_expressions?.runlog;
    if (!result || result.status !== 'ok') {
      return null;
    }
    const text = result.data?.['text/plain'];
    return typeof text === 'string' ? text : null;
  }

  private _session: ISessionContext;
  private _info: KernelMessage.IInfoReply | null = null;
  private _pythonContext: IKernelPythonContext | null = null;
}
