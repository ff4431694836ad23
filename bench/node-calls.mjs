// The no-op round trip on Node.js, beside the browsers' (the frames scenario), measured as
// the page measures it (www/bench/round-trip.js).

import { createEngine } from '../pkg/node.js';
import { roundTripRows } from '../www/bench/round-trip.js';

export const nodeCallRows = ({ calls }) => roundTripRows(createEngine, calls, ' on Node.js');
