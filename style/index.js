import './base.css';
import './metrics.css';
import './compare.css';
import './sync.css';
