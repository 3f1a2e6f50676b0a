import './base.css';
import './metrics.css';
import './compare.css';
import './runsSync.css';
import './sync.css';
import './trash.css';
