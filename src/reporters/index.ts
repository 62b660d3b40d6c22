/**
 * Every output format, per command: the CLI layer (src/commands/) picks one by --format and hands
 * it the report its handler built. Reporters are pure functions of report data; only text needs
 * to know about the terminal (colour).
 */
import type { AdviseFormat, AdviseReport } from '../reports/advise.js';
import type { ReviewFormat, ReviewReport } from '../reports/review.js';
import type { StatesFormat, StatesReport } from '../reports/states.js';
import type { FleetFormat, FleetReport } from '../analysis/fleet-report.js';
import type { CommandEnvironment } from '../util/command-io.js';
import type { Printable } from '../util/pieces.js';
import { adviseJson } from './advise-json.js';
import { adviseText } from './advise-text.js';
import { paintFor } from './colour.js';
import { fleetJson } from './fleet-json.js';
import { fleetMarkdown } from './fleet-markdown.js';
import { fleetText } from './fleet-text.js';
import { reviewGithub } from './review-github.js';
import { reviewJson } from './review-json.js';
import { reviewMarkdown } from './review-markdown.js';
import { reviewSarif } from './review-sarif.js';
import { reviewText } from './review-text.js';
import { renderStatesJson } from './states-json.js';
import { renderPrometheus } from './states-prometheus.js';
import { renderStatesText } from './states-text.js';

export type Reporter<Report> = (report: Report, environment: CommandEnvironment) => Printable;

export const ADVISE_REPORTERS: Record<AdviseFormat, Reporter<AdviseReport>> = {
  text: (report, environment) => adviseText(report, paintFor(environment.stdoutIsTTY, environment.env), environment.columns),
  json: adviseJson,
  diff: (report) => report.diff,
  conf: (report) => report.conf,
};

export const REVIEW_REPORTERS: Record<ReviewFormat, Reporter<ReviewReport>> = {
  text: (report, environment) => reviewText(report, paintFor(environment.stdoutIsTTY, environment.env), environment.columns),
  json: reviewJson,
  sarif: reviewSarif,
  github: reviewGithub,
  markdown: reviewMarkdown,
};

export const STATES_REPORTERS: Record<StatesFormat, Reporter<StatesReport>> = {
  text: renderStatesText,
  json: renderStatesJson,
  prometheus: renderPrometheus,
};

export const FLEET_REPORTERS: Record<FleetFormat, Reporter<FleetReport>> = {
  text: (report, environment) => fleetText(report, paintFor(environment.stdoutIsTTY, environment.env)),
  json: fleetJson,
  markdown: fleetMarkdown,
};
